"""Numbers cited by id: the model writes ``{F12}`` where a number goes, and benchnb puts
the fact's value and unit there, formatted as everywhere else
(:func:`benchnb.markup.formatting.with_unit`), so a cited value cannot be miscopied.

The syntax is one fact-sheet id in braces, tolerant to case and spacing: ``{F12}``,
``{f12}``, ``{ F12 }``, ``{F 12}``, ``{{F12}}``. A unit the model writes after the
placeholder anyway (``{F58} tok/s``, ``{F58} tokens per second``) is not doubled.

An id the fact sheet does not hold cannot be filled: its **sentence is removed** (a
sentence with a hole where its number was would mislead the reader more than no sentence)
and listed with the reason, like a sentence holding an unsupported number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from benchnb.analyse.fact import Fact
from benchnb.markup.formatting import COUNT_UNITS, fmt, with_unit

PLACEHOLDER = re.compile(r"\{+\s*[Ff]\s*-?\s*(\d{1,5})\s*\}+")
#: how an unknown id is marked in the resolved text (until its sentence is removed)
MARK = re.compile(r"\[(F\d+)\]")
#: what is left of a placeholder the model did not close (``{F89 The first …``)
BROKEN = re.compile(r"\{+\s*(?:[Ff]\s*-?\s*\d*)?")
#: what a model may write after a placeholder that already says the unit
_SPELLED = {
    "tok/s": ("tok/s", "tokens per second", "tokens/s", "tokens/sec", "tokens per sec", "t/s"),
    "ms": ("ms", "milliseconds", "millisecond", "msec"),
    "s": ("s", "seconds", "second", "sec"),
    "%": ("%", "percent", "per cent"),
    "bytes": ("bytes", "byte", "b"),
    "GB": ("gb", "gigabytes", "gib"),
    "MB": ("mb", "megabytes", "mib"),
}


def fact_ids(facts: list[Fact]) -> dict[str, Fact]:
    """The ids a fact sheet shows (``F1`` … in the order of ``facts``), to their facts."""
    return {f"F{n}": f for n, f in enumerate(facts, 1)}


@dataclass
class Resolved:
    """The model's text with every known placeholder filled and every unknown one marked
    ``[F999]``; ``unknown`` holds (id, start, end) of the marks in ``text``."""

    text: str
    cited: list[int] = field(default_factory=list)  # offsets in text of the filled values
    unknown: list[tuple[str, int, int]] = field(default_factory=list)

    def cited_sentences(self) -> list[str]:
        """The sentence (whitespace normalised) of each filled value."""
        from benchnb.verify.layout import layout

        lay = layout(self.text)
        spans = [lay.sentences[lay.locate(pos)[0]] for pos in self.cited]
        return [" ".join(self.text[slice(*span)].split()) for span in spans]


def _unit_follows(text: str, pos: int, unit: str) -> bool:
    """Does ``text`` at ``pos`` (after blanks) go on with a spelling of ``unit``, or, for a
    count, name it within two words (``{F63} failed runs``)?"""
    rest = text[pos:].lstrip(" \u00a0").lower()
    near = rf"(?:[\w-]+\s+){{0,2}}{re.escape(unit.lower())}\b"
    if unit in COUNT_UNITS and unit != "bytes" and re.match(near, rest):
        return True
    for word in _SPELLED.get(unit, (unit.lower(),)):
        if word and rest.startswith(word):
            after = rest[len(word) : len(word) + 1]
            if not after or not (after.isalnum() or after == "_"):
                return True
    return False


def resolve(text: str, ids: dict[str, Fact]) -> Resolved:
    """Fill the placeholders of ``text`` from ``ids`` (see :func:`fact_ids`)."""
    out: list[str] = []
    unknown: list[tuple[str, int, int]] = []
    cited: list[int] = []
    last, size = 0, 0
    for m in PLACEHOLDER.finditer(text):
        out.append(text[last : m.start()])
        size += m.start() - last
        key = f"F{int(m.group(1))}"
        fact = ids.get(key)
        if fact is None:
            piece = f"[{key}]"
            unknown.append((key, size, size + len(piece)))
        else:
            cited.append(size)
            unit = fact.unit or ""
            bare = unit in ("", "count") or _unit_follows(text, m.end(), unit)
            piece = fmt(fact.value, unit) if bare else with_unit(fact.value, unit)
        out.append(piece)
        size += len(piece)
        last = m.end()
    out.append(text[last:])
    resolved = Resolved("".join(out), cited, unknown)
    for m in BROKEN.finditer(resolved.text):  # an unclosed one: its sentence goes too
        resolved.unknown.append((m.group().strip("{ ") or "{", m.start(), m.end()))
    resolved.unknown.sort(key=lambda u: u[1])
    return resolved


def has_placeholders(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def unknown_claims(resolved: Resolved, known: int) -> list:
    """The unknown ids of ``resolved`` as verifier claims (for
    :func:`benchnb.verify.remove_unsupported`), each with its sentence and why."""
    from benchnb.verify import Claim
    from benchnb.verify.layout import layout

    lay = layout(resolved.text)
    claims = []
    for key, start, end in resolved.unknown:
        si = lay.locate(start)[0]
        sentence = " ".join(resolved.text[slice(*lay.sentences[si])].split())
        if resolved.text[start] == "[":
            raw = f"{{{key}}}"
            why = f"cites {raw}, which is not in the fact sheet (its ids are F1 to F{known})"
        else:
            raw = resolved.text[start:end]
            why = f"{raw!r} is a placeholder left unclosed"
        claims.append(Claim(raw, float("nan"), None, start, end, sentence, None, why))
    return claims
