"""How many names a count introduces, when they are listed right after it: "The next two,
g80_c2048_t0.8 at 301.45 tok/s and g80_c2048_t0.4 at 300.99 tok/s, were within 1 % of
it", "three models (gemma3:270m, gemma3:1b-it-qat and gemma3:latest)". The count is of the
distinct names of one kind that follow it, before a word that starts another part of the
sentence ("than", "while", a verb such as "were")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from benchnb.verify.claims import Number
from benchnb.verify.index import Mention
from benchnb.verify.units import count_unit

#: what ends the list a count introduces; before its first name, only a comparison does
_TURN = r"than|while|whereas|but|versus|vs|against|compared|ahead|behind|beat|beats|trails?"
_BREAK = re.compile(
    rf"(?i)\b(?:{_TURN}|which|that|were|was|is|are|has|have|had|led|leads)\b|[;:!?]|\.(?!\d)"
)
_FIRST_BREAK = re.compile(rf"(?i)\b(?:{_TURN})\b|[;:!?]|\.(?!\d)")
#: the kind of name a count noun counts
_KINDS = {"models": "model", "configurations": "config", "files": "source"}
_FIRST_GAP, _GAP = 30, 40  # characters before the first name, between two names


def _kind(m: Mention) -> tuple[str, str] | None:
    primary = [k for k in m.primary if k[0] not in ("parameter", "level")]
    return primary[0] if len(primary) == 1 else None


def enumerated(text: str, n: Number, mentions: Sequence[Mention], end: int) -> str | None:
    """The names of one kind listed right after `n` in its sentence (ending at `end`), if
    there are as many as it says."""
    if n.bound or not float(n.value).is_integer() or not 2 <= n.value <= 12:
        return None
    counted = count_unit(n.unit) if n.unit is not None else None
    if n.unit is not None and counted not in _KINDS:
        return None
    kind, names, pos = None, [], n.end
    for m in sorted((m for m in mentions if n.end <= m.start < end), key=lambda m: m.start):
        gap = text[pos : m.start]
        ends = _BREAK if names else _FIRST_BREAK
        if m.soft or len(gap) > (_GAP if names else _FIRST_GAP) or ends.search(gap):
            break
        key = _kind(m)
        if key is None or (kind is not None and key[0] != kind):
            break
        kind = key[0]
        if counted is not None and _KINDS[counted] != kind:
            return None
        if key[1] not in names:
            names.append(key[1])
        pos = m.end
    if names and len(names) == n.value:
        return f"the {len(names)} {kind} names listed after it ({', '.join(names)})"
    return None


__all__ = ["enumerated"]
