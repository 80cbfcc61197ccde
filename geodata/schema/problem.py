"""A problem found in a data file: where it is (file, feature, field) and what it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a layer: where it is (file, feature, field) and what it is."""

    file: str
    feature_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.feature_id is not None:
            parts.append(f"feature {self.feature_id!r}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        parts.append(self.message)
        return ": ".join(parts)
