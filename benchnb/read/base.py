"""What every reader returns, and the byte-to-text decoding they share.

A reader turns the bytes of one file into :class:`Record` objects. It never raises:
whatever it cannot read becomes a line in :attr:`ReadResult.problems`.

Decoding (:func:`decode_text`) handles UTF-8 with or without a byte order mark,
UTF-16 with or without one, a UTF-16 byte order mark that was itself mangled into
UTF-8 (``c3bf c3be``), the stray CR a Windows text-mode write inserts into UTF-16,
and falls back to latin-1 (which decodes anything) with a problem noted.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hint:
    """What a reader knows about one field beyond its name; None leaves it to the vocabulary.

    ``metric``: the canonical metric (a tool recogniser knows that vLLM's ``output_throughput``
    is aggregate output-token throughput). ``stat``: the statistic the source reports, ``""``
    for the value itself. ``unit``: the unit the raw value is in as the source states it (a
    sibling ``"unit"`` field, the tool's documented unit). ``note``: the tool's definition
    where it differs from the canonical one, or how the value was derived. ``derived``: the
    reader computed the value from other fields (``eval_count / eval_duration``), so the
    tidy row has no raw value. ``dims``: dimensions of this field alone (``definition``: the
    tool's definition of a metric tools define differently, so that series stay apart).
    """

    metric: str | None = None
    stat: str | None = None
    unit: str | None = None
    note: str = ""
    derived: bool = False
    dims: tuple[tuple[str, object], ...] = ()


@dataclass
class Record:
    """One readable unit of a file: a CSV row, a JSON object, a Markdown table row or bullet.

    ``record`` locates it in the file ("row 3", "/results/2", "table 1 row 4", "line 42");
    ``fields`` maps raw names to raw values; ``context`` holds what it inherits from
    its parents or its file (the model of a summary entry, the heading of a section);
    ``hints`` says, for some fields, what the reader knows about them (:class:`Hint`).
    """

    record: str
    fields: dict[str, object] = field(default_factory=dict)
    context: dict[str, object] = field(default_factory=dict)
    hints: dict[str, Hint] = field(default_factory=dict)


@dataclass
class ReadResult:
    """Everything a reader could read from one file, and what it could not.

    ``reader`` names the tool recogniser that read the file ("vllm", "ollama" ...), empty
    when a generic reader of its format did.
    """

    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    reader: str = ""


_MANGLED_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # a BOM decoded as latin-1 / cp1252 and written back as UTF-8
    (b"\xc3\xbf\xc3\xbe", "utf-16-le", "c3bf c3be"),
    (b"\xc3\xbe\xc3\xbf", "utf-16-be", "c3be c3bf"),
    (b"\xc3\xaf\xc2\xbb\xc2\xbf", "utf-8", "c3af c2bb c2bf"),
)
_SAMPLE = 4096


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the NUL bytes say so, else None."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str, problems: list[str]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    # A text-mode write on Windows turns the 0a of a UTF-16 newline into 0d 0a.
    little = encoding.endswith("le")
    broken, newline = (b"\r\n\x00", b"\n\x00") if little else (b"\x00\r\n", b"\x00\n")
    fixed = data.replace(broken, newline)
    if fixed != data:
        try:
            text = fixed.decode(encoding)
        except UnicodeDecodeError:
            pass
        else:
            problems.append(f"{encoding}: removed CR bytes inserted by a text-mode write")
            return text
    problems.append(f"invalid {encoding} bytes replaced by U+FFFD")
    return data.decode(encoding, errors="replace")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text; the problems say what was unusual or lost."""
    problems: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        try:
            return data.decode("utf-32"), problems
        except UnicodeDecodeError:
            pass
    if data.startswith(codecs.BOM_UTF16_LE):
        return _decode_utf16(data[2:], "utf-16-le", problems), problems
    if data.startswith(codecs.BOM_UTF16_BE):
        return _decode_utf16(data[2:], "utf-16-be", problems), problems
    for prefix, encoding, shown in _MANGLED_BOMS:
        if data.startswith(prefix):
            problems.append(f"mangled byte order mark ({shown}); decoded as {encoding}")
            data = data[len(prefix) :]
            if encoding != "utf-8":
                return _decode_utf16(data, encoding, problems), problems
            break
    else:
        guessed = _utf16_without_bom(data)
        if guessed is not None:
            problems.append(f"no byte order mark; NUL bytes suggest {guessed}")
            return _decode_utf16(data, guessed, problems), problems
    try:
        return data.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        problems.append(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "decoded as latin-1"
        )
        return data.decode("latin-1"), problems
