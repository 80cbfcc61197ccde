"""Named claim checks over the data: what a story chapter computes to back its verdict.

``run_check(name, params, data)`` runs one; ``CHECKS`` lists them with their parameters. Each
returns a :class:`Result`: a value, a one-line summary (in English, and in Russian as ``ru``) and
the ids of the rows it counted.
The checks live in one module per subject (membership, conflicts, facilities, appeals, arms,
votes, drugs), each registering its own on import; :mod:`geodata.stories.checks.kit` holds what
they share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Importing the subject modules registers their checks.
from geodata.stories.checks import (  # noqa: F401
    appeals,
    arms,
    conflicts,
    drugs,
    facilities,
    membership,
    votes,
)
from geodata.stories.checks.kit import CHECKS, Result, param_problems

__all__ = ["CHECKS", "Result", "param_problems", "run_check"]


def run_check(name: str, params: Mapping[str, Any] | None, data: Mapping[str, Any]) -> Result:
    """Run the check ``name`` with ``params`` on ``data``; raise ValueError on a bad call."""
    problems = param_problems(name, params)
    if problems:
        raise ValueError("; ".join(problems))
    return CHECKS[name].func(data, **dict(params or {}))
