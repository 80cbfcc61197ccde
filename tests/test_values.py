import subprocess
import sys

import pytest

from geodata.values import check_iso3, check_url


def test_events_module_does_not_import_the_validator():
    code = "import sys, geodata.events; print('geodata.validate' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_validator_still_offers_layer_error():
    from geodata import validate, values

    assert validate.LayerError is values.LayerError
    assert validate.check_value is values.check_value


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
