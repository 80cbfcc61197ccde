import pytest

from geodata.schema.values import check_iso3, check_url


@pytest.mark.parametrize(
    "check, value, ok",
    [
        (check_iso3, "ARM", True),
        (check_iso3, "arm", False),
        (check_url, "https://tass.com/world/1", True),
        (check_url, "tass.com", False),
        (check_url, None, False),
    ],
)
def test_shared_checks(check, value, ok):
    assert (check(value) is None) is ok
