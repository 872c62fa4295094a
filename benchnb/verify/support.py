"""Which facts may support a claim: the rules of subject, quantity and statistic, and the
facts a relation may take as operands. :mod:`benchnb.verify.rules` applies them."""

from __future__ import annotations

import copy
import re

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex, IndexedFact
from benchnb.verify.relations import TIME_METRICS, interval
from benchnb.verify.sums import in_folder
from benchnb.verify.units import search_plan
from benchnb.verify.words import METRIC_WORDS, QUANTITY_RE, named_in, says_failures

_STATUS = {"n_ok": "ok", "ok": "ok", "n_failed": "failed", "failed": "failed"}
_STATUS |= {"failed runs": "failed", "missing": "missing"}
_ALL_RUNS = frozenset({"total", "ok", "n_ok"})
_OTHERS = re.compile(r"(?i)\b(?:other|remaining|rest\s+of\s+the|subsequent|later)\s*$")
_STAT_GROUPS = {
    "mean": {"mean", "warm_mean", "best_mean", "worst_mean"},
    "median": {"median", "p50", "warm_median"},
    "max": {"max", "rank1", "best_mean", "largest"},
    "min": {"min", "worst_mean"},
    "std": {"std"},
    "p90": {"p90"},
    "p95": {"p95"},
    "p99": {"p99"},
    "first": {"first"},
    "warm": {"warm_mean", "warm_median", "warm_min", "warm_max"},
    "range": {"min", "max", "rank1", "last"},  # a range of configurations: its ends
}
_DISTRIBUTION = set().union(*_STAT_GROUPS.values()) | {"p05"}
_TIME_METRICS = TIME_METRICS


_SPREAD = r"spread|range|differ|gap|span|between|apart|mov(?:ed|es|ing)|vari|swung|shift|chang"
#: the runs after the first: "warm", "the other 4", "later calls", "once loaded"
_WARM = r"warm|after|once loaded|other|rest|excluding|dropping|without|later|subsequent|steady"
#: statistics a number stands for only when its words say so ("97 unique files")
_QUALIFIED = {
    "unique": r"unique|distinct|once|deduplicat",
    "copies": r"cop(?:y|ies)|duplicat|redundant|identical|pairs?",
    "in_copies": r"cop(?:y|ies)|duplicat|redundant|identical|involved|pairs?",
    "skipped": r"skipped|skip",
    "direct": r"top[-\s]level|directly|itself|at the top",
    "nested": r"sub-?folders?|sub-?director|(?:run|timestamped)\s+folders|each\s+with",
    "largest": r"largest|biggest|heaviest|single",
    "warm_mean": _WARM,
    "warm_median": _WARM,
    "first": r"first|cold|initial|opening",
    "warm_n": _WARM + r"|remaining",
    "spread": _SPREAD,
    "spread_pct": _SPREAD + r"|%|percent",
    "best_mean": r"best|fastest|highest|top|winner|peak",
    "worst_mean": r"worst|slowest|lowest|weakest|bottom",
    "missing": r"missing|empty|no value|without",
}
_QUALIFIED_RE = {k: re.compile(rf"(?i)(?:{v})") for k, v in _QUALIFIED.items()}


#: what says a bound is of the best or the worst configuration of a sweep
_RANKED = re.compile(
    r"(?i)\b(?:best|top|fastest|peak\w*|highest|winn\w*|lead\w*|max\w*|strongest|slowest|"
    r"worst|lowest|weakest|bottom|min\w*|quickest)\b"
)


def _qualified(f: IndexedFact, words: str) -> bool:
    pattern = _QUALIFIED_RE.get(f.stat)
    return pattern is None or bool(pattern.search(words))


def _stat_ok(f: IndexedFact, b: Binding) -> bool:
    stat = f.stat
    if f.fact.rank is not None:
        stat = "rank1" if f.fact.rank == 1 else "last" if f.last else "rank"
    if not b.stats or (stat not in _DISTRIBUTION and not stat.startswith("rank")):
        return not (stat in ("rank", "last") and "max" in b.stats)
    allowed = set().union(*(_STAT_GROUPS.get(s, set()) for s in b.stats))
    if "mean" in b.stats:
        allowed |= {"rank1", "rank", "last"}  # a configuration's value is a mean of its runs
    if "min" in b.stats:
        allowed.add("last")
    return stat in allowed


def _metric_ok(f: IndexedFact, b: Binding, unit: str | None) -> bool:
    if f.metric in _TIME_METRICS and b.metrics & _TIME_METRICS:
        return f.metric in b.metrics
    # "under 8 % of the bytes" is no spread of a throughput
    return not (unit == "%" and b.quantities & {"bytes", "files"} and f.metric in _PERF)


#: kinds a fact has through its model or its file, that a text naming only them decides
_LINEAGE = frozenset({"family", "quant", "dir"})
_FILES = frozenset({"source", "dir", "root", "type"})
#: the performance metrics the words of a clause can name
_PERF = frozenset(METRIC_WORDS)


def eligible(f: IndexedFact, b: Binding) -> bool:
    """Rule 1: is `f` about what the text says the number is about? Each kind of subject
    named attached to the number or in its clause must be a subject of the fact, with that
    name. Where the clause names none, the nearest scope naming any (sentence, block,
    context) decides: each of the fact's own subjects of a kind it names must be the one
    it names. A kind the fact is scoped by (type, root, folder, configuration, setting …)
    must be named, in the nearest scope naming it. Where nothing is named at all, only
    the whole-inventory totals count."""
    near = b.near()
    if not _extreme_ok(f, b):
        return False
    for m in b.mentions:  # each name by the number: the fact is about what it names
        if m.soft and "source" not in f.kinds:
            continue  # "the baseline" says which files, of a fact about files
        if m.kinds <= _FILES and f.kinds == {"family"} and _family_named(f, b):
            continue  # "X.csv ran three quantisations of llama3.1": the family's, no file's
        primary = {k for k in m.primary if k[0] not in b.free}
        if primary and not f.keys & primary:
            return False
        for kind, value in m.keys - m.primary:  # and not about another of its family
            if kind in f.kinds and (kind, value) not in f.keys:
                return False
    kinds = f.kinds - set(near)  # what a descriptor names by the number is decided
    # a file type alone ("3 summary CSVs", "4 CSV and 7 JSON") decides no folder or file
    if not set(b.firm()) - {"type"} and kinds - b.free:
        scope = b.sharing(kinds)  # the nearest scope naming a kind of subject the fact has
        if scope is None:  # nothing around the number names what the fact is about
            files = len(near.get("source", ()))  # but a descriptor naming the fact's file
            # (among others, for a measured value: a count is too common to tell them
            # apart), or files that each have it (checked by _direct)
            return files == 1 or (files > 1 and not float(f.fact.value).is_integer()) or b.each
        primary = {k for k, _ in f.primary}
        for kind, names in scope.items():
            if {(kind, v) for v in names} <= b.soft and _named_beside(f, scope, b):
                continue  # "the baseline mean; the weakest, g999_c4096_t0.2, managed …"
            own = kind in primary or (kind in _LINEAGE and f.values(kind))
            if own and not f.values(kind) & names:  # "the llama3.1 sweep": not gemma3's
                return False
    for kind in f.hard - set(near):
        hit = b.nearest(kind)
        if hit is None or not f.values(kind) & hit[1]:
            return False
    # "`X.csv` (3,206 bytes): 15 runs … across the three llama3.1 builds": X's (a family
    # near the number says whose runs they are, not which file holds them)
    named = b.scopes[2].get("source")
    if named and "source" in f.kinds and set(b.firm()) and set(b.firm()) <= {"family"}:
        return bool(f.values("source") & named)
    return True


def _extreme_ok(f: IndexedFact, b: Binding) -> bool:
    """The largest file, or a sweep's best or worst value, said of what the sentence names
    by the number: "the largest file" needs no name, but "108.md, at 57,110 bytes" is not
    110.md's size; "the winner, g999_c4096_t0.2, reached 103.16 tok/s" is for the ranked
    configurations (which know their settings) to support, not the sweep's maximum."""
    if f.stat == "largest":
        named = b.nearest("source")
        return named is None or named[0] > 2 or f.fact.name.lower() in named[1]
    if f.fact.kind == "sweep" and f.fact.rank is None and f.stat in ("max", "min"):
        return not any(_named_within(b, kind, 2) for kind in ("config", "level"))
    if f.fact.subject == "type":  # "It contains all 29 Markdown files": the folder's 29
        scope = 3 if _BACK.match(b.prefix) else 2
        return not any(_named_within(b, kind, scope) for kind in ("root", "dir"))
    said = {_TYPES[t.lower()] for t in _A_TYPE_FILE.findall(b.words)}
    if len(said) == 1 and f.fact.subject == "file" and f.values("type"):
        return bool(f.values("type") & said)  # "the smallest CSV file is ….json": not it
    return True


_TYPES = {"csv": "csv", "json": "json", "markdown": "md", "md": "md"}
_A_TYPE_FILE = re.compile(r"(?i)\b(csv|json|markdown|md)\s+file\b")


_BACK = re.compile(r"(?i)\s*(?:it|its|this|these|they|their)\b")


def _named_within(b: Binding, kind: str, scope: int) -> set[str]:
    """The names of `kind` of the nearest scope up to `scope` (2: the sentence, 3: the
    block) that names that kind."""
    hit = b.nearest(kind)
    return hit[1] if hit is not None and hit[0] <= scope else set()


_TOP_OR_SUB = re.compile(rf"(?i)(?P<top>{_QUALIFIED['direct']})|sub-?folder|sub-?director")


def _top_level(prefix: str) -> bool:
    """The words before a number last said "at the top level", not "its subfolder"."""
    said = [m.group("top") is not None for m in _TOP_OR_SUB.finditer(prefix)]
    return bool(said) and said[-1]


def _named_beside(f: IndexedFact, scope: dict[str, set[str]], b: Binding) -> bool:
    """The scope also names, not by a descriptor, a subject of the fact's with its name."""
    return any((k, v) not in b.soft and (k, v) in f.keys for k, vs in scope.items() for v in vs)


def _family_named(f: IndexedFact, b: Binding) -> bool:
    return any(f.keys & m.primary for m in b.mentions)


def _implied(b: Binding) -> set:
    """Units a bare decimal may be in, from the quantity its clause names ("tokens per
    second have a median of 289.68")."""
    out: set = set()
    metrics = b.metrics or b.quantities  # ", a p90 of 298.80": its sentence's quantity
    if "throughput" in metrics:
        out.add("tok/s")
    if metrics & _TIME_METRICS:
        out |= {"ms", "s"}
    return out


def _candidates(index: FactIndex, n: Number, units: set) -> list[tuple[IndexedFact, float]]:
    plan = search_plan(n.unit)
    if n.unit is None and "." in n.raw:
        plan += [p for u in sorted(units - {None}, key=str) for p in search_plan(u)]
    lo, hi = interval(n)
    # a written sign is kept; an unsigned change may be a fall ("dropped 12.5 %")
    signs = [-1.0] if n.value < 0 else [1.0, -1.0] if n.unit in ("%", "pp") else [1.0]
    out = []
    for name, factor in dict.fromkeys(plan):
        for sign in signs:
            a, z = sorted((sign * lo * factor, sign * hi * factor))
            for i in index.window(name, a - 1e-9, z + 1e-9):
                f = index.facts[i]
                out.append((f, abs(abs(f.fact.value) - abs(n.value) * factor)))
    return out


def _direct(index: FactIndex, n: Number, b: Binding, units: set) -> IndexedFact | None:
    best, best_rank = None, None
    found = _candidates(index, n, units)
    for f, err in found:
        if n.status and _STATUS.get(f.stat) != n.status:
            continue
        failures = _STATUS.get(f.stat) in ("failed", "missing")
        if failures and not says_failures(n.status, b.words):
            continue  # "averaged 283.56 tok/s over 5 runs" is not a count of failures
        if f.stat in _ALL_RUNS and f.fact.unit == "runs" and _OTHERS.search(b.lead):
            continue  # "over the other 4 prompts": the runs after the first
        if not (_stat_ok(f, b) and _metric_ok(f, b, n.unit) and _qualified(f, b.words)):
            continue
        ranked = f.fact.rank is not None and not b.nearest("config")
        if n.bound and ranked and not ((f.fact.rank == 1 or f.last) and _RANKED.search(b.clause)):
            continue  # "averages over 290 tok/s": no configuration of a ranking unsaid
        whole = f.stat == "below" or (f.stat == "total" and "root" in {k for k, _ in f.primary})
        if whole and _top_level(b.prefix):
            continue  # "at the top level — 4 CSV and 7 JSON": not what its subfolders hold
        if not eligible(f, b):
            continue
        levels = [b.nearest(k) for k in f.kinds]
        rank = (min((h[0] for h in levels if h), default=9), -len(f.kinds), err)
        if best_rank is None or rank < best_rank:
            best, best_rank = f, rank
    if best is None and (listed := _listed(b)):
        return _each_of(index, n, b, units, listed)
    names = b.near().get("source", set())
    names = in_folder(names, b)  # "its 3 baseline CSVs of 5 runs each": the folder's
    if best is not None and b.each and len(names) > 1:  # "of 36 configurations each"
        alike = [f for f, _ in found if (f.metric, f.stat) == (best.metric, best.stat)]
        if not names <= {s for f in alike for s in f.values("source")}:
            return None
    return best


def _listed(b: Binding) -> list | None:
    """The names of one kind in a list attached to the number ("36 of 36 for A, B and C"),
    two or more; None if there is none."""
    by: dict[str, list] = {}
    for m in b.mentions:
        kinds = {k for k, _ in m.primary} - b.free
        if len(kinds) == 1:
            by.setdefault(next(iter(kinds)), []).append(m)
    lists = [ms for ms in by.values() if len(ms) >= 2]
    return lists[0] if len(lists) == 1 else None


def _each_of(index: FactIndex, n: Number, b: Binding, units: set, listed: list):
    """ "36 of 36 for gemma3:1b-it-qat and gemma3:latest": a fact of that quantity for each
    name of the list, or None."""
    kind = next(k for k, _ in listed[0].primary if k not in b.free)
    found = []
    for m in listed:
        one = copy.copy(b)
        one.mentions = [x for x in b.mentions if all(x is not y for y in listed)] + [m]
        one.scopes = [dict(sc) for sc in b.scopes]
        one.scopes[0][kind] = {v for k, v in m.primary if k == kind}
        if (f := _direct(index, n, one, units)) is None:
            return None
        found.append(f)
    return found[0] if len({(f.metric, f.stat) for f in found}) == 1 else None


_HEADLINE = {"mean", "median", "max", "min", "first", "warm_mean", "warm_median", "total"}
_HEADLINE |= {"ok", "failed", "missing", "share", "size", "largest", "copies", "in_copies"}
_HEADLINE |= {"unique", "direct", "below", "n_ok", "n_failed", "count", "best_mean"}
_HEADLINE |= {"worst_mean", "spread", "spread_pct", "skipped", "value", "nested", "warm_n"}


def _named_of(b: Binding, kind: str) -> set[str]:
    """The names of `kind` a relation may take operands from: the nearest scope's, and
    those before and after the number in its sentence ("jit … faster than eager")."""
    hit = b.nearest(kind)
    names = set(hit[1]) if hit else set()
    for scope in (b.before, b.after, b.clause_keys, b.compared):
        names |= scope.get(kind, set())
    return names


#: a speed said with no metric named is a throughput or a latency ("1.55x as fast as")
_FAST = re.compile(r"(?i)\b(?:as\s+fast|faster|slower|quicker|speed(?:up)?)\b")
_SPEEDS = {"throughput", "latency", "total_duration"}  # what "faster" is of, unsaid


def _said(f: IndexedFact, b: Binding) -> bool:
    """The sentence names the fact's quantity somewhere, or the fact is a percentage."""
    pattern = QUANTITY_RE.get(f.metric)
    return f.fact.unit == "%" or bool(pattern and pattern.search(b.words))


def _own_keys(scope: dict[str, set[str]]) -> set[tuple[str, str]]:
    """A scope's keys, without the family and quantisation of a model it names: naming
    gemma3:270m does not make every gemma3 model's facts operands."""
    skip = {"family", "quant"} if "model" in scope else set()
    return {(k, v) for k, vs in scope.items() if k not in skip for v in vs}


def _about_named_model(f: IndexedFact, b: Binding) -> bool:
    """A fact a descriptor reaches ("the baseline") is about a model the sentence names
    (or the nearest scope naming one), where there is one."""
    named = _named_of(b, "model")
    return not named or bool(f.values("model") & named)


_COUNTS = frozenset({"runs", "configurations", "files"})


def _named(
    index: FactIndex, b: Binding, unit: str | None = None, cited: frozenset = frozenset()
) -> list[IndexedFact]:
    """Operands for a relation: the headline facts about the subjects the number's
    sentence names (its clause and the names before and after it; else the nearest scope
    naming any), of the quantity and statistic its words name."""
    scopes = [b.near(), b.before, b.after, b.clause_keys, b.compared]
    keys = {key for scope in scopes for key in _own_keys(scope)}
    if not keys - b.soft and (scope := b.decisive()) is not None:
        keys |= _own_keys(scope)
    earlier: set = set()  # "… is roughly 20x faster": than the file the paragraph named
    if unit == "x" and b.direction and not b.after and not b.compared:
        earlier = {k for k in _own_keys(b.scopes[3]) if k[0] == "source"}
        keys |= earlier
    stats = set(_HEADLINE)
    for s in b.stats:
        stats |= _STAT_GROUPS.get(s, {s})
    # "its mean throughput of 65.18 tok/s is about 15 % below q4_0": the quantity its
    # clause names before it, or a speed ("5.09x faster than eager at a compile cost …")
    wanted = b.quantities or named_in(b.lead) | named_in(b.lead, QUANTITY_RE)
    if unit == "x" and wanted & _COUNTS:  # counts have shares, not ratios: the metric of
        wanted = (wanted - _COUNTS) or set(cited)  # the sentence's numbers ("first requests
        # took 2.32 s … 22x"), else a speed ("20x faster, though the file does not say")
    wanted = wanted or (_SPEEDS if _FAST.search(b.words) else set())
    seen: dict[str, IndexedFact] = {  # the totals: of a quantity said ("92 % of the bytes")
        f.id: f for f in index.globals if not wanted or f.metric in wanted or _said(f, b)
    }
    for key in keys:
        if key[0] in ("dir", "root", "type") and key[0] not in b.near():
            continue  # a folder named in passing does not make its files' facts operands
        for i in index.headline.get(key, []):
            f = index.facts[i]
            if wanted and f.metric not in wanted and f.fact.unit != "%":
                continue
            if not _qualified(f, b.words):
                continue
            headline = f.stat.startswith("rank") or f.stat in stats
            scoped = all(f.values(k) & _named_of(b, k) for k in f.hard)
            if key in b.soft - earlier and not (eligible(f, b) and _about_named_model(f, b)):
                continue  # one of the files a descriptor names, about the subject named
            if headline and scoped and _metric_ok(f, b, None):
                seen.setdefault(f.id, f)
    return list(seen.values())
