"""Which records of a file failed, by the vocabulary's failure markers.

A record fails when it carries an error (an ``error`` field with a text, ``True`` or a
non-empty list), a failed status (``status: failed``), a false success flag
(``success: false``), or zero throughput with zero tokens; :class:`Failures` holds the
markers of a vocabulary, normalised once (:func:`failures_of`).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable

from benchnb.read.base import Record
from benchnb.read.vocabulary import Vocabulary, is_missing, normalize_name

OK, FAILED, MISSING = "ok", "failed", "missing"
ERROR, STATUS, SUCCESS = "error", "status", "success"
_LAST_PART = re.compile(r"[^.]+$")
_MAX_ERROR = 500
_CONTAINERS, _NUMBERS = (list, dict), (int, float)  # tuples: no union built per call
_MAX_NAMES = 1 << 16  # the role cache is cleared when it holds more names than this
_FAILURES: weakref.WeakKeyDictionary[Vocabulary, Failures] = weakref.WeakKeyDictionary()


def _key(raw_name: str) -> str:
    match = _LAST_PART.search(raw_name)
    return normalize_name(match.group(0) if match else raw_name)


class Failures:
    """The failure markers of a vocabulary, normalised once."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        spec = vocabulary.failure
        self.errors = {normalize_name(n) for n in spec.get("error_fields") or ()}
        self.statuses = {normalize_name(n) for n in spec.get("status_fields") or ()}
        self.failed = {normalize_name(n) for n in spec.get("failed_values") or ()}
        self.successes = {normalize_name(n) for n in spec.get("success_fields") or ()}
        self.false = {str(n).strip().lower() for n in spec.get("false_values") or ()}
        zero = spec.get("zero_output") or {}
        self.zero_throughput = zero.get("throughput")
        self.zero_tokens = set(zero.get("tokens") or ())
        self._roles: dict[str, str | None] = {}

    def role(self, name: str) -> str | None:
        """'error', 'status', 'success' or None for a raw field name (cached)."""
        if name not in self._roles:
            if len(self._roles) >= _MAX_NAMES:
                self._roles.clear()
            key = _key(name)
            kinds = ((ERROR, self.errors), (STATUS, self.statuses), (SUCCESS, self.successes))
            self._roles[name] = next((kind for kind, names in kinds if key in names), None)
        return self._roles[name]

    def _is_false(self, value: object) -> bool:
        if isinstance(value, bool):
            return not value
        if isinstance(value, _NUMBERS):
            return value == 0
        return isinstance(value, str) and value.strip().lower() in self.false

    def of(self, record: Record) -> str | None:
        """The error text of a failed record, None if it did not fail."""
        fields = record.fields.items()
        return self.of_fields((name, value, self.role(name)) for name, value in fields)

    def of_fields(self, fields: Iterable[tuple[str, object, str | None]]) -> str | None:
        """:meth:`of` for a record's (name, value, role) triples, in field order (the
        fields whose role is None may be left out)."""
        messages: list[str] = []
        flag = None
        for name, value, role in fields:
            if role is None:
                continue
            if role == ERROR:
                if value is True or (
                    isinstance(value, str) and not is_missing(value) and not self._is_false(value)
                ):
                    messages.append(str(value).strip())
                elif isinstance(value, _CONTAINERS) and value:
                    messages.append(str(value))
            elif role == STATUS and isinstance(value, str):
                if normalize_name(value) in self.failed:
                    messages.append(f"{name}: {value.strip()}")
            elif role == SUCCESS and flag is None and self._is_false(value):
                flag = f"{name}: {value}"
        if messages:
            return "; ".join(dict.fromkeys(messages))[:_MAX_ERROR]
        return flag

    def zero_output(self, metrics: list[str], values: list[float], ok: list[bool]) -> str | None:
        """The error of a record whose rows (metric, value, status ok) show zero throughput
        with zero tokens, else None."""
        zero_rate = False
        tokens = []
        for metric, value, good in zip(metrics, values, ok, strict=True):
            if not good:
                continue
            if metric == self.zero_throughput and value == 0:
                zero_rate = True
            if metric in self.zero_tokens:
                tokens.append(value)
        if zero_rate and tokens and all(value == 0 for value in tokens):
            return "zero throughput with zero tokens"
        return None


def failures_of(vocabulary: Vocabulary) -> Failures:
    """The :class:`Failures` of ``vocabulary``, made once per vocabulary."""
    found = _FAILURES.get(vocabulary)
    if found is None:
        found = _FAILURES[vocabulary] = Failures(vocabulary)
    return found
