"""Compute every fact the fresh prose corpus cites, from the raw files of examples/chimeraforge.

Run from the repository root:  python tests/data/prose_fresh/tools/compute.py
It prints one line per fact:  key = value  (unit, quantity) -- how

Facts are keyed "quantity@subject". Subjects are short tokens listed in SUBJECTS (kind, name,
file, model, filter, note). Only the csv/json/md files under the scanned roots
outputs/reports and data/csv are counted for the inventory.  Statistics follow the data
definitions of tests/data/prose/README.md:
  * a run failed when its `error` column is non-empty; statistics use successful runs only;
  * byte-identical copies are counted in the inventory but only once in statistics (the
    llama3.1 sweep and quant bench are read from outputs/reports/llama3/);
  * cold = first row's ttft_s (of that model's rows), warm = rows 2..n; cold/warm = cold /
    median(warm);
  * std is the sample standard deviation (n-1); percentiles use linear interpolation;
  * models are assigned by the `model` column, or by file name (gemma3_baseline.csv and
    gemma3_param_tuning.csv are gemma3:latest).
No pandas on this machine: the csv module and numpy are used.
"""

import csv
import json
import os
import statistics
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = "examples/chimeraforge"
ROOTS = ["outputs/reports", "data/csv"]
TYPES = {".csv": "CSV", ".json": "JSON", ".md": "Markdown"}


def find_base():
    for cand in [os.getcwd(), os.path.join(HERE, "..", "..", "..", ".."), "/work/wt-fresh"]:
        p = os.path.join(cand, BASE)
        if os.path.isdir(p):
            return os.path.abspath(p)
    sys.exit("run from the repository root (examples/chimeraforge not found)")


SUBJECTS = {}
FACTS = {}  # key -> dict(value, unit, quantity, how, subject)


def subj(tok, **kw):
    SUBJECTS[tok] = kw


def fact(q, tok, value, unit, how):
    assert tok in SUBJECTS, tok
    FACTS[f"{q}@{tok}"] = dict(value=float(value), unit=unit, quantity=q, how=how, subject=tok)


def read_csv(base, rel):
    with open(os.path.join(base, rel), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def fnum(x):
    return float(x)


def run_facts(tok, rel, rows, what):
    """rows: all rows (in file order) for one model / quantisation of a run file."""
    ok = [r for r in rows if (r.get("error") or "").strip() == ""]
    n, k = len(rows), len(ok)
    src = f"{what} of {rel}"
    fact("runs", tok, n, "runs", f"number of rows ({what}) in {rel}")
    fact("ok_runs", tok, k, "runs", f"rows with an empty error column ({what}) in {rel}")
    fact("failed_runs", tok, n - k, "runs", f"rows with a non-empty error column ({what}) in {rel}")
    fact(
        "failed_share",
        tok,
        100.0 * (n - k) / n,
        "%",
        f"failed rows / all rows x 100 ({what}) in {rel}",
    )
    if not ok:
        return
    t = [fnum(r["tokens_s"]) for r in ok]
    tt = [fnum(r["ttft_s"]) for r in ok]
    ld = [fnum(r["load_s"]) for r in ok]
    fact(
        "throughput",
        tok,
        statistics.mean(t),
        "tok/s",
        f"mean of tokens_s over the {k} ok rows ({src})",
    )
    fact(
        "throughput_median",
        tok,
        statistics.median(t),
        "tok/s",
        f"median of tokens_s over the {k} ok rows ({src})",
    )
    fact("throughput_max", tok, max(t), "tok/s", f"max of tokens_s over the ok rows ({src})")
    fact("throughput_min", tok, min(t), "tok/s", f"min of tokens_s over the ok rows ({src})")
    fact(
        "throughput_std",
        tok,
        statistics.stdev(t),
        "tok/s",
        f"sample std (n-1) of tokens_s over the {k} ok rows ({src})",
    )
    fact(
        "throughput_range",
        tok,
        max(t) - min(t),
        "tok/s",
        f"max - min of tokens_s over the ok rows ({src})",
    )
    fact(
        "throughput_cv",
        tok,
        100 * statistics.stdev(t) / statistics.mean(t),
        "%",
        f"sample std / mean of tokens_s x 100 ({src})",
    )
    fact(
        "throughput_warm",
        tok,
        statistics.mean(t[1:]),
        "tok/s",
        f"mean of tokens_s over rows 2..{k} ({src})",
    )
    fact("throughput_cold", tok, t[0], "tok/s", f"tokens_s of the first row ({src})")
    fact("ttft", tok, statistics.mean(tt), "s", f"mean of ttft_s over the {k} ok rows ({src})")
    fact(
        "ttft_median",
        tok,
        statistics.median(tt),
        "s",
        f"median of ttft_s over the {k} ok rows ({src})",
    )
    fact(
        "ttft_p95",
        tok,
        float(np.percentile(tt, 95)),
        "s",
        f"95th percentile (linear) of ttft_s over the ok rows ({src})",
    )
    fact("cold_ttft", tok, tt[0], "s", f"ttft_s of the first row ({src})")
    fact(
        "warm_ttft_median",
        tok,
        statistics.median(tt[1:]),
        "s",
        f"median of ttft_s over rows 2..{k} ({src})",
    )
    fact(
        "warm_ttft_mean",
        tok,
        statistics.mean(tt[1:]),
        "s",
        f"mean of ttft_s over rows 2..{k} ({src})",
    )
    fact("warm_ttft_max", tok, max(tt[1:]), "s", f"max of ttft_s over rows 2..{k} ({src})")
    fact(
        "cold_warm",
        tok,
        tt[0] / statistics.median(tt[1:]),
        "x",
        f"first row's ttft_s / median ttft_s of rows 2..{k} ({src})",
    )
    fact("load_time", tok, statistics.mean(ld), "s", f"mean of load_s over the {k} ok rows ({src})")
    fact("cold_load", tok, ld[0], "s", f"load_s of the first row ({src})")
    fact(
        "warm_load_median",
        tok,
        statistics.median(ld[1:]),
        "s",
        f"median of load_s over rows 2..{k} ({src})",
    )
    if "eval_count" in ok[0]:
        ec = [fnum(r["eval_count"]) for r in ok]
        fact("eval_tokens", tok, sum(ec), "tokens", f"sum of eval_count over the ok rows ({src})")


def cfg_name(r):
    t = r["temperature"]
    return r.get("config_name") or f"g{r['num_gpu']}_c{r['num_ctx']}_t{t}"


def sweep_facts(tok, rel, rows, model):
    ok = [r for r in rows if (r.get("error") or "").strip() == ""]
    n, k = len(rows), len(ok)
    fact("configurations", tok, n, "configurations", f"rows (one per configuration) of {rel}")
    fact("ok_configurations", tok, k, "configurations", f"rows with an empty error column in {rel}")
    fact(
        "failed_configurations",
        tok,
        n - k,
        "configurations",
        f"rows with a non-empty error column in {rel}",
    )
    fact("failed_share", tok, 100.0 * (n - k) / n, "%", f"failed rows / all rows x 100 in {rel}")
    t = [fnum(r["tokens_s"]) for r in ok]
    tt = [fnum(r["ttft_s"]) for r in ok]
    ld = [fnum(r["load_s"]) for r in ok]
    fact(
        "throughput",
        tok,
        statistics.mean(t),
        "tok/s",
        f"mean of tokens_s over the {k} ok configurations of {rel}",
    )
    fact(
        "throughput_median",
        tok,
        statistics.median(t),
        "tok/s",
        f"median of tokens_s over the {k} ok configurations of {rel}",
    )
    fact(
        "throughput_max",
        tok,
        max(t),
        "tok/s",
        f"max of tokens_s over the ok configurations of {rel}",
    )
    fact(
        "throughput_min",
        tok,
        min(t),
        "tok/s",
        f"min of tokens_s over the ok configurations of {rel}",
    )
    fact(
        "throughput_std",
        tok,
        statistics.stdev(t),
        "tok/s",
        f"sample std (n-1) of tokens_s over the {k} ok configurations of {rel}",
    )
    fact(
        "throughput_range",
        tok,
        max(t) - min(t),
        "tok/s",
        f"max - min of tokens_s over the ok configurations of {rel}",
    )
    fact(
        "throughput_p95",
        tok,
        float(np.percentile(t, 95)),
        "tok/s",
        f"95th percentile (linear) of tokens_s over the ok configurations of {rel}",
    )
    fact(
        "throughput_p5",
        tok,
        float(np.percentile(t, 5)),
        "tok/s",
        f"5th percentile (linear) of tokens_s over the ok configurations of {rel}",
    )
    fact(
        "ttft", tok, statistics.mean(tt), "s", f"mean of ttft_s over the ok configurations of {rel}"
    )
    fact(
        "ttft_median",
        tok,
        statistics.median(tt),
        "s",
        f"median of ttft_s over the ok configurations of {rel}",
    )
    fact("ttft_max", tok, max(tt), "s", f"max of ttft_s over the ok configurations of {rel}")
    fact(
        "load_time",
        tok,
        statistics.mean(ld),
        "s",
        f"mean of load_s over the ok configurations of {rel}",
    )
    slow = sum(1 for x in tt if x > 1.0)
    fact(
        "slow_ttft_configurations",
        tok,
        slow,
        "configurations",
        f"ok configurations of {rel} with ttft_s > 1 s",
    )
    for p in ("num_gpu", "num_ctx", "temperature"):
        levels = sorted({fnum(r[p]) for r in rows})
        fact(f"{p}_levels", tok, len(levels), "values", f"distinct {p} values in {rel}")
        for i, lv in enumerate(levels, 1):
            fact(
                f"{p}_level{i}",
                tok,
                lv,
                "value",
                f"distinct {p} value number {i} (ascending) in {rel}",
            )
        fact(f"{p}_min", tok, levels[0], "value", f"smallest {p} in {rel}")
        fact(f"{p}_max", tok, levels[-1], "value", f"largest {p} in {rel}")
    best = max(ok, key=lambda r: fnum(r["tokens_s"]))
    worst = min(ok, key=lambda r: fnum(r["tokens_s"]))
    SUBJECTS[tok]["best"] = cfg_name(best)
    SUBJECTS[tok]["worst"] = cfg_name(worst)
    for r in rows:
        name = cfg_name(r)
        ct = f"{tok}.{name}"
        subj(ct, kind="configuration", name=name, file=rel, model=model)
        for p in ("num_gpu", "num_ctx", "temperature"):
            fact(p, ct, fnum(r[p]), "value", f"{p} of configuration {name} in {rel}")
        if (r.get("error") or "").strip():
            continue
        fact(
            "throughput",
            ct,
            fnum(r["tokens_s"]),
            "tok/s",
            f"tokens_s of configuration {name} in {rel}",
        )
        fact("ttft", ct, fnum(r["ttft_s"]), "s", f"ttft_s of configuration {name} in {rel}")
        fact("load_time", ct, fnum(r["load_s"]), "s", f"load_s of configuration {name} in {rel}")
    for tagname, key in (("best", best), ("worst", worst)):
        ct = f"{tok}.{tagname}"
        subj(
            ct,
            kind="configuration",
            name=cfg_name(key),
            file=rel,
            model=model,
            note=f"{tagname} configuration",
        )
        for p in ("num_gpu", "num_ctx", "temperature"):
            fact(
                p,
                ct,
                fnum(key[p]),
                "value",
                f"{p} of the {tagname} (by tokens_s) configuration {cfg_name(key)} of {rel}",
            )
        fact(
            "throughput",
            ct,
            fnum(key["tokens_s"]),
            "tok/s",
            f"tokens_s of the {tagname} configuration {cfg_name(key)} of {rel}",
        )
        fact(
            "ttft",
            ct,
            fnum(key["ttft_s"]),
            "s",
            f"ttft_s of the {tagname} configuration {cfg_name(key)} of {rel}",
        )
    # groups by one parameter
    for p, short in (("num_gpu", "g"), ("num_ctx", "c"), ("temperature", "t")):
        for lv in sorted({r[p] for r in rows}, key=float):
            sel = [r for r in rows if r[p] == lv]
            sok = [r for r in sel if (r.get("error") or "").strip() == ""]
            gt = f"{tok}~{short}{lv}"
            subj(gt, kind="sweep", name=rel, file=rel, model=model, filter=f"{p}={lv}")
            fact("configurations", gt, len(sel), "configurations", f"rows of {rel} with {p}={lv}")
            fact(
                "ok_configurations",
                gt,
                len(sok),
                "configurations",
                f"ok rows of {rel} with {p}={lv}",
            )
            fact(
                "failed_configurations",
                gt,
                len(sel) - len(sok),
                "configurations",
                f"failed rows of {rel} with {p}={lv}",
            )
            ts = [fnum(r["tokens_s"]) for r in sok]
            tts = [fnum(r["ttft_s"]) for r in sok]
            fact(
                "throughput",
                gt,
                statistics.mean(ts),
                "tok/s",
                f"mean of tokens_s over the {len(sok)} ok rows of {rel} with {p}={lv}",
            )
            fact(
                "throughput_max",
                gt,
                max(ts),
                "tok/s",
                f"max of tokens_s over the ok rows of {rel} with {p}={lv}",
            )
            fact(
                "throughput_min",
                gt,
                min(ts),
                "tok/s",
                f"min of tokens_s over the ok rows of {rel} with {p}={lv}",
            )
            fact(
                "ttft",
                gt,
                statistics.mean(tts),
                "s",
                f"mean of ttft_s over the ok rows of {rel} with {p}={lv}",
            )
            fact(
                "ttft_median",
                gt,
                statistics.median(tts),
                "s",
                f"median of ttft_s over the ok rows of {rel} with {p}={lv}",
            )


def build():
    base = find_base()
    # ---------------- inventory ----------------
    files = []
    for root in ROOTS:
        for dp, _dn, fn in os.walk(os.path.join(base, root)):
            for f in fn:
                ext = os.path.splitext(f)[1].lower()
                if ext in TYPES:
                    p = os.path.join(dp, f)
                    rel = os.path.relpath(p, base).replace(os.sep, "/")
                    files.append((rel, root, TYPES[ext], os.path.getsize(p)))
    subj("all", kind="inventory", name="all files")
    groups = {"all": files}
    for tname in TYPES.values():
        tok = {"CSV": "csv", "JSON": "json", "Markdown": "md"}[tname]
        subj(tok, kind="type", name=tname)
        groups[tok] = [f for f in files if f[2] == tname]
    rootok = {"outputs/reports": "reports", "data/csv": "datacsv"}
    for root, tok in rootok.items():
        subj(tok, kind="root", name=root)
        groups[tok] = [f for f in files if f[1] == root]
        for tname, tt in (("CSV", "csv"), ("JSON", "json"), ("Markdown", "md")):
            st = f"{tok}.{tt}"
            subj(st, kind="type", name=tname, note=f"within root {root}")
            groups[st] = [f for f in files if f[1] == root and f[2] == tname]
    for sub in ("gemma3", "compilation", "ollama", "llama3"):
        tok = f"dir_{sub}"
        subj(tok, kind="root", name=f"outputs/reports/{sub}", note="sub-directory")
        groups[tok] = [f for f in files if f[0].startswith(f"outputs/reports/{sub}/")]
    subj("dir_baselines", kind="root", name="data/csv/baselines", note="sub-directory")
    groups["dir_baselines"] = [f for f in files if f[0].startswith("data/csv/baselines/")]
    for tok, fl in groups.items():
        nm = SUBJECTS[tok]["name"]
        fact("files", tok, len(fl), "files", f"number of .csv/.json/.md files in scope: {nm}")
        b = sum(f[3] for f in fl)
        fact("bytes", tok, b, "bytes", f"sum of file sizes in bytes: {nm}")
        if fl:
            fact("mean_bytes", tok, b / len(fl), "bytes", f"bytes / files: {nm}")
            fact(
                "largest_bytes",
                tok,
                max(f[3] for f in fl),
                "bytes",
                f"size of the largest file: {nm}",
            )
            fact(
                "smallest_bytes",
                tok,
                min(f[3] for f in fl),
                "bytes",
                f"size of the smallest file: {nm}",
            )
    for rel, _root, _t, size in files:
        name = os.path.basename(rel)
        if name.startswith("Technical_Report") or name in ("README.md",):
            tok = "file_" + name.replace(".md", "").replace("Technical_Report_", "TR")
            if name == "README.md":
                tok = "file_reports_README"
            subj(tok, kind="file", name=rel)
            fact("bytes", tok, size, "bytes", f"size in bytes of {rel}")
    # ---------------- baselines (one model per file) ----------------
    g = "outputs/reports/gemma3/"
    # model assignment by file name, confirmed by the JSON twins' `model` field
    for stem, model in (
        ("gemma3_270m_baseline", "gemma3:270m"),
        ("gemma3_1b-it-qat_baseline", "gemma3:1b-it-qat"),
        ("gemma3_baseline", "gemma3:latest"),
    ):
        with open(os.path.join(base, g + stem + ".json"), encoding="utf-8") as fh:
            assert json.load(fh)["model"] == model, stem
    for tok, f, model in (
        ("g270b", "gemma3_270m_baseline.csv", "gemma3:270m"),
        ("g1bb", "gemma3_1b-it-qat_baseline.csv", "gemma3:1b-it-qat"),
        ("glb", "gemma3_baseline.csv", "gemma3:latest"),
    ):
        subj(tok, kind="model", name=model, file=g + f)
        run_facts(tok, g + f, read_csv(base, g + f), "all rows")
    # ---------------- quant bench (llama3.1, by tag) ----------------
    qb = "outputs/reports/llama3/ollama_quant_bench.csv"
    rows = read_csv(base, qb)
    for tok, tag in (("q4", "q4_0"), ("q5", "q5_K_M"), ("q8", "q8_0")):
        subj(tok, kind="quant", name=tag, file=qb, model=f"llama3.1:8b-instruct-{tag}")
        run_facts(tok, qb, [r for r in rows if r["tag"] == tag], f"rows with tag {tag}")
    # ---------------- prompt suite runs ----------------
    o = "outputs/reports/ollama/"
    ps = o + "20251002-151824/prompt_suite_runs.csv"
    rows = read_csv(base, ps)
    for tok, tag in (("ps4", "q4_0"), ("ps5", "q5_K_M"), ("ps8", "q8_0")):
        m = f"llama3.1:8b-instruct-{tag}"
        subj(tok, kind="model", name=m, file=ps)
        run_facts(tok, ps, [r for r in rows if r["model"] == m], f"rows with model {m}")
    # fixed runs
    for tok, f, model in (
        ("gfix", "20251008-122911/gemma3_benchmark_fixed_runs.csv", "gemma3:latest"),
        ("lfix", "20251008-122955/llama3_q4_benchmark_fixed_runs.csv", "llama3.1:8b-instruct-q4_0"),
    ):
        subj(tok, kind="model", name=model, file=o + f)
        run_facts(tok, o + f, read_csv(base, o + f), "all rows")
    # the fixed re-runs' summary JSONs agree with the CSV means (they include the cold row)
    for tok, f in (
        ("gfix", "20251008-122911/gemma3_benchmark_fixed_summary.json"),
        ("lfix", "20251008-122955/llama3_q4_benchmark_fixed_summary.json"),
    ):
        with open(os.path.join(base, o + f), encoding="utf-8") as fh:
            m = json.load(fh)["models"][0]["mean_tokens_s"]
        assert abs(m - FACTS[f"throughput@{tok}"]["value"]) < 0.01, (f, m)
    # failed run files
    failed = {
        "f122701": "20251008-122701/gemma3_benchmark_runs.csv",
        "f122714": "20251008-122714/llama3_q4_benchmark_runs.csv",
        "f122728": "20251008-122728/llama3_q5_benchmark_runs.csv",
        "ps151204": "20251002-151204/prompt_suite_runs.csv",
        "ps151446": "20251002-151446/prompt_suite_runs.csv",
        "ps151527": "20251002-151527/prompt_suite_runs.csv",
        "ps151615": "20251002-151615/prompt_suite_runs.csv",
    }
    for tok, f in failed.items():
        subj(tok, kind="file", name=o + f)
        run_facts(tok, o + f, read_csv(base, o + f), "all rows")
    subj("ps151824", kind="file", name=ps)
    run_facts("ps151824", ps, read_csv(base, ps), "all rows")
    # all Ollama run CSVs under outputs/reports/ollama
    runfiles = sorted(f[0] for f in files if f[0].startswith(o) and f[0].endswith(".csv"))
    subj(
        "ollama_runs",
        kind="root",
        name="outputs/reports/ollama",
        note="sub-directory: its run CSVs",
    )
    allrows, dead = [], 0
    for rel in runfiles:
        rr = read_csv(base, rel)
        allrows += rr
        if all((r.get("error") or "").strip() for r in rr):
            dead += 1
    fact(
        "run_files", "ollama_runs", len(runfiles), "files", "CSV files under outputs/reports/ollama"
    )
    fact(
        "dead_files",
        "ollama_runs",
        dead,
        "files",
        "CSV files under outputs/reports/ollama whose every row has an error",
    )
    nf = sum(1 for r in allrows if (r.get("error") or "").strip())
    fact(
        "runs",
        "ollama_runs",
        len(allrows),
        "runs",
        "rows of all CSV files under outputs/reports/ollama",
    )
    fact(
        "failed_runs",
        "ollama_runs",
        nf,
        "runs",
        "rows with an error in all CSV files under outputs/reports/ollama",
    )
    fact(
        "ok_runs",
        "ollama_runs",
        len(allrows) - nf,
        "runs",
        "rows without an error in all CSV files under outputs/reports/ollama",
    )
    fact(
        "failed_share",
        "ollama_runs",
        100 * nf / len(allrows),
        "%",
        "failed rows / all rows x 100, CSV files under outputs/reports/ollama",
    )
    # the two batches of run folders under outputs/reports/ollama
    for tok, prefix, label in (
        ("batch1002", o + "20251002-", "prompt-suite sessions of 2 October (20251002-*)"),
        ("batch1008", o + "20251008-", "benchmark folders of 8 October (20251008-*)"),
    ):
        subj(tok, kind="root", name=prefix + "*", note="sub-directory group: " + label)
        rels = [rel for rel in runfiles if rel.startswith(prefix)]
        rr_all, deadn = [], 0
        for rel in rels:
            rr = read_csv(base, rel)
            rr_all += rr
            deadn += all((r.get("error") or "").strip() for r in rr)
        nfail = sum(1 for r in rr_all if (r.get("error") or "").strip())
        fact("run_files", tok, len(rels), "files", f"run CSV files in the {label}")
        fact(
            "dead_files",
            tok,
            deadn,
            "files",
            f"run CSV files in the {label} whose every row has an error",
        )
        fact("runs", tok, len(rr_all), "runs", f"rows of the run CSV files in the {label}")
        fact(
            "failed_runs",
            tok,
            nfail,
            "runs",
            f"rows with an error in the run CSV files in the {label}",
        )
        fact(
            "ok_runs",
            tok,
            len(rr_all) - nfail,
            "runs",
            f"rows without an error in the run CSV files in the {label}",
        )
        fact(
            "failed_share",
            tok,
            100 * nfail / len(rr_all),
            "%",
            f"failed rows / all rows x 100 in the {label}",
        )
    sessions = sorted({rel.split("/")[3] for rel in runfiles})
    fact(
        "sessions",
        "ollama_runs",
        len(sessions),
        "sessions",
        "timestamped run folders under outputs/reports/ollama holding a run CSV",
    )
    # byte-identical copies (same name in outputs/reports/llama3 or outputs/reports and data/csv)
    import hashlib

    def digest(rel):
        with open(os.path.join(base, rel), "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()

    seen, dup_files, dup_bytes = {}, 0, 0
    for rel, _root, _t, size in sorted(files):
        d = digest(rel)
        if d in seen:
            dup_files += 1
            dup_bytes += size
        else:
            seen[d] = rel
    subj(
        "dups",
        kind="inventory",
        name="byte-identical copies",
        note="second copies of byte-identical files",
    )
    fact(
        "files",
        "dups",
        dup_files,
        "files",
        "files in scope whose bytes equal an earlier file's (sha256), i.e. second copies",
    )
    fact(
        "bytes",
        "dups",
        dup_bytes,
        "bytes",
        "bytes of the second copies of byte-identical files in scope",
    )
    subj("all_distinct", kind="inventory", name="distinct files")
    fact(
        "files",
        "all_distinct",
        len(files) - dup_files,
        "files",
        "files in scope counted once per distinct content",
    )
    subj(
        "tr3",
        kind="file",
        name="Technical_Report_108.md + Technical_Report_109.md + Technical_Report_110.md",
        note="three files together",
    )
    fact(
        "bytes",
        "tr3",
        sum(f[3] for f in files if "Technical_Report_1" in f[0]),
        "bytes",
        "sum of the sizes of outputs/reports/Technical_Report_108.md, _109.md and _110.md",
    )
    # ---------------- sweeps (distinct; the data/csv copy of the llama3.1 sweep counted once)
    sw = [
        ("s270", g + "gemma3_270m_param_tuning.csv", "gemma3:270m"),
        ("s1b", g + "gemma3_1b-it-qat_param_tuning.csv", "gemma3:1b-it-qat"),
        ("slat", g + "gemma3_param_tuning.csv", "gemma3:latest"),
        ("sllama", "outputs/reports/llama3/ollama_param_tuning.csv", "llama3.1:8b-instruct-q4_0"),
    ]
    subj(
        "sweeps", kind="inventory", name="distinct parameter sweeps", note="4 distinct sweep files"
    )
    tot = fails = 0
    for tok, rel, model in sw:
        subj(tok, kind="sweep", name=rel, file=rel, model=model)
        rows = read_csv(base, rel)
        sweep_facts(tok, rel, rows, model)
        tot += len(rows)
        fails += sum(1 for r in rows if (r.get("error") or "").strip())
    fact(
        "sweeps",
        "sweeps",
        len(sw),
        "sweeps",
        "distinct sweep files (byte-identical copy counted once)",
    )
    fact("configurations", "sweeps", tot, "configurations", "rows over the 4 distinct sweep files")
    fact(
        "failed_configurations",
        "sweeps",
        fails,
        "configurations",
        "rows with an error over the 4 distinct sweep files",
    )
    fact(
        "ok_configurations",
        "sweeps",
        tot - fails,
        "configurations",
        "rows without an error over the 4 distinct sweep files",
    )
    # the sweeps' summary files (the 270m one leaves out the failed configurations)
    for tok, sm in (
        ("s270sum", g + "gemma3_270m_param_tuning_summary.csv"),
        ("s1bsum", g + "gemma3_1b-it-qat_param_tuning_summary.csv"),
        ("slatsum", g + "gemma3_param_tuning_summary.csv"),
        ("sllamasum", "outputs/reports/llama3/ollama_param_tuning_summary.csv"),
    ):
        subj(tok, kind="file", name=sm)
        fact("configurations", tok, len(read_csv(base, sm)), "configurations", f"rows of {sm}")
    # families
    subj("fam", kind="inventory", name="model families")
    fact(
        "families",
        "fam",
        2,
        "families",
        "distinct families among the model tags (gemma3, llama3.1)",
    )
    subj("models", kind="inventory", name="distinct model tags with successful runs")
    tags = set()
    for tok in ("g270b", "g1bb", "glb", "q4", "q5", "q8", "ps4", "ps5", "ps8", "gfix", "lfix"):
        tags.add(SUBJECTS[tok].get("model") or SUBJECTS[tok]["name"])
    fact(
        "models",
        "models",
        len(tags),
        "models",
        "distinct model tags among files with successful runs: " + ", ".join(sorted(tags)),
    )
    return FACTS, SUBJECTS


if __name__ == "__main__":
    F, S = build()
    for k in sorted(F):
        v = F[k]
        print(f"{k} = {v['value']!r}  ({v['unit']}, {v['quantity']}) -- {v['how']}")
