"""What the verifier says of each number of a text, for the tests of its rules."""

from __future__ import annotations

from benchnb.verify import verify
from benchnb.verify.index import FactIndex


def supported_by(text: str, index: FactIndex) -> dict[str, str | None]:
    """{number as written: what supports it, or None}; a number written twice keeps its
    last claim."""
    return {c.raw: c.supported_by for c in verify(text, index).claims}
