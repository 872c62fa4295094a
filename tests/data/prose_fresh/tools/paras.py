# ruff: noqa: E501
"""Paragraphs of the fresh prose corpus.

Each paragraph: text with every claimed number written as [[raw]], and `nums`, one spec per
marker in text order:  "expression | relation | options".
  expression: arithmetic over compute.py facts ("quantity@subject"), e.g.
              "throughput@g270b / throughput@g1bb";
  relation:   v value, ap approx, r ratio, pc percent_change, sh share, d difference,
              k k_of_n, mt mean_of_total, bo bound_over, bu bound_under;
  options:    unit=..; hedge=..; derived=..; kind=..; name=.. (subject override); quantity=..
Swaps: pairs of strings exchanged in the text, and the subject tokens exchanged in the facts.
"""

BASE3 = "throughput@g270b, throughput@g1bb, throughput@glb"

PARAS = [
    # ------------------------------------------------------------------ p01
    dict(
        id="f01",
        style="TL;DR / key takeaways bullets",
        text="""
**TL;DR**

- gemma3:270m is the fastest model in the folder: [[283.6]] tok/s (n=[[5]]), roughly [[1.6]]x gemma3:1b-it-qat ([[182.9]] tok/s) and about [[2.8]]x gemma3:latest ([[102.2]] tok/s).
- Its first request is slow, though: a cold TTFT of [[7.84]] s against a warm median of [[63]] ms.
- Quantisation matters for llama3.1: q4_0 runs at [[76.6]] tok/s vs [[46.6]] for q8_0 (~[[64]]% faster).
- [[75]] of the [[100]] rows in the Ollama run logs failed, and [[7]] of [[10]] run files contain no successful request at all.
- The four parameter sweeps cover [[144]] configurations; only [[2]] failed, both timeouts.
- Best single configuration: `g999_c4096_t0.8` on gemma3:270m at [[303.9]] tok/s.
""",
        nums=[
            "throughput@g270b | v",
            "ok_runs@g270b | v",
            "throughput@g270b / throughput@g1bb | ap | hedge=roughly; derived=ratio",
            "throughput@g1bb | v",
            "throughput@g270b / throughput@glb | ap | hedge=about; derived=ratio",
            "throughput@glb | v",
            "cold_ttft@g270b | v",
            "warm_ttft_median@g270b * 1000 | v | unit=ms",
            "throughput@q4 | v",
            "throughput@q8 | v",
            "(throughput@q4 / throughput@q8 - 1) * 100 | ap | hedge=~; derived=percent_change",
            "failed_runs@ollama_runs | k",
            "runs@ollama_runs | v",
            "dead_files@ollama_runs | k",
            "run_files@ollama_runs | v",
            "configurations@sweeps | v",
            "failed_configurations@sweeps | k",
            "throughput@s270.best | v",
        ],
        swaps=[
            dict(
                pairs=[("gemma3:270m", "gemma3:1b-it-qat")],
                tokens=[("g270b", "g1bb"), ("s270", "s1b")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p02
    dict(
        id="f02",
        style="executive summary",
        text="""
## Executive summary

This report covers [[101]] benchmark artifacts ([[28]] CSV, [[44]] JSON and [[29]] Markdown files, about [[436]] KB in total) collected from `outputs/reports` and `data/csv`, and the headline is that the small gemma3 models are fast once they are loaded but the harness around them is fragile. On the throughput side, gemma3:270m averaged [[283.56]] tokens per second over its [[5]] baseline runs, gemma3:1b-it-qat [[182.87]] and gemma3:latest [[102.20]], while the llama3.1 quantisations ranged from [[76.59]] tokens per second for q4_0 down to [[46.57]] for q8_0, so the quantisation level alone moves throughput by well over a third. On the reliability side, [[75]]% of the rows in the Ollama run logs carry an error (connection refusals and a malformed URL), whereas the parameter sweeps, which account for [[144]] configurations across [[4]] distinct files, lost just [[2]] configurations to timeouts. Cold starts dominate latency: the first request to gemma3:270m took [[7.8]] seconds, more than [[100]] times its warm median.
""",
        nums=[
            "files@all | v",
            "files@csv | v",
            "files@json | v",
            "files@md | v",
            "bytes@all / 1000 | ap | unit=KB; hedge=about",
            "throughput@g270b | v",
            "ok_runs@g270b | v",
            "throughput@g1bb | v",
            "throughput@glb | v",
            "throughput@q4 | v",
            "throughput@q8 | v",
            "failed_share@ollama_runs | sh",
            "configurations@sweeps | v",
            "sweeps@sweeps | v",
            "failed_configurations@sweeps | k",
            "cold_ttft@g270b | v",
            "cold_warm@g270b | bo | hedge=more than",
        ],
        swaps=[
            dict(pairs=[("CSV", "JSON")], tokens=[("csv", "json")]),
            dict(pairs=[("q4_0", "q8_0")], tokens=[("q4", "q8")]),
        ],
    ),
    # ------------------------------------------------------------------ p03
    dict(
        id="f03",
        style="inventory table by file type",
        text="""
### Inventory by file type

| Type | Files | Share of files | Bytes | Share of bytes | Mean size |
|---|---:|---:|---:|---:|---:|
| CSV | [[28]] | [[27.7]]% | [[80,168]] | [[18.4]]% | [[2,863]] B |
| JSON | [[44]] | [[43.6]]% | [[132,031]] | [[30.3]]% | [[3,001]] B |
| Markdown | [[29]] | [[28.7]]% | [[224,060]] | [[51.4]]% | [[7,726]] B |
| **Total** | **[[101]]** | | **[[436,259]]** | | [[4,319]] B |

Markdown is the smallest group by count after CSV but it carries just over [[51]]% of the bytes, because the long technical reports sit in it; the JSON files are the most numerous but small, averaging roughly [[3.0]] KB each. In total the scan is close to [[0.44]] MB, or [[426]] KiB.
""",
        nums=[
            "files@csv | v",
            "files@csv / files@all * 100 | sh",
            "bytes@csv | v",
            "bytes@csv / bytes@all * 100 | sh",
            "bytes@csv / files@csv | mt | unit=bytes",
            "files@json | v",
            "files@json / files@all * 100 | sh",
            "bytes@json | v",
            "bytes@json / bytes@all * 100 | sh",
            "bytes@json / files@json | mt | unit=bytes",
            "files@md | v",
            "files@md / files@all * 100 | sh",
            "bytes@md | v",
            "bytes@md / bytes@all * 100 | sh",
            "bytes@md / files@md | mt | unit=bytes",
            "files@all | v",
            "bytes@all | v",
            "bytes@all / files@all | mt | unit=bytes",
            "bytes@md / bytes@all * 100 | bo | hedge=just over; derived=share",
            "bytes@json / files@json / 1000 | ap | unit=KB; hedge=roughly; derived=mean_of_total",
            "bytes@all / 1000000 | ap | unit=MB; hedge=close to",
            "bytes@all / 1024 | v | unit=KiB",
        ],
        swaps=[
            dict(pairs=[("CSV", "Markdown")], tokens=[("csv", "md")]),
        ],
    ),
    # ------------------------------------------------------------------ p04
    dict(
        id="f04",
        style="inventory by root and sub-directory (bold lead-in)",
        text="""
**Where the files live.** The scan is lopsided: `outputs/reports` holds [[83]] of the [[101]] files ([[82]]%) and [[402,811]] bytes, or [[92.3]]% of the total, while `data/csv` contributes only [[18]] files and [[33,448]] bytes (about [[33]] KB). Inside `data/csv` there are [[4]] CSV files and [[14]] JSON files and not a single Markdown file; the JSON there are small machine snapshots averaging about [[1.7]] KB. Within `outputs/reports` the busiest sub-directories are `compilation` and `ollama`, with [[21]] files each, although `compilation` is by far the heavier at [[99,415]] bytes against [[38,579]]; `gemma3` follows with [[16]] files ([[49,899]] bytes) and `llama3` has [[6]]. Even so, each of the two roots holds at least [[18]] files.
""",
        nums=[
            "files@reports | v",
            "files@all | v",
            "files@reports / files@all * 100 | sh",
            "bytes@reports | v",
            "bytes@reports / bytes@all * 100 | sh",
            "files@datacsv | v",
            "bytes@datacsv | v",
            "bytes@datacsv / 1000 | ap | unit=KB; hedge=about",
            "files@datacsv.csv | v",
            "files@datacsv.json | v",
            "bytes@datacsv.json / files@datacsv.json / 1000 | ap | unit=KB; hedge=about; derived=mean_of_total",
            "files@dir_compilation | v",
            "bytes@dir_compilation | v",
            "bytes@dir_ollama | v",
            "files@dir_gemma3 | v",
            "bytes@dir_gemma3 | v",
            "files@dir_llama3 | v",
            "min(files@reports, files@datacsv) | bo | hedge=at least; how=the smaller of the file counts of the roots outputs/reports and data/csv (csv/json/md files)",
        ],
        swaps=[
            dict(pairs=[("outputs/reports", "data/csv")], tokens=[("reports", "datacsv")]),
            dict(pairs=[("compilation", "ollama")], tokens=[("dir_compilation", "dir_ollama")]),
        ],
    ),
    # ------------------------------------------------------------------ p05
    dict(
        id="f05",
        style="largest files, lead-in sentence then 'it'",
        text="""
The single largest artifact is `outputs/reports/Technical_Report_110.md`. At [[57,110]] bytes (roughly [[57]] kilobytes) it is bigger than the entire `data/csv` root ([[33,448]] bytes), and on its own it accounts for [[13.1]]% of all scanned bytes. It is one of three technical reports: together with Technical_Report_108.md ([[46,100]] bytes) and Technical_Report_109.md ([[36,064]] bytes) the trio comes to [[139,274]] bytes, close to a third of the corpus ([[31.9]]%) and [[62.2]]% of the Markdown bytes. At the other extreme, the smallest file in scope is only [[181]] bytes, about [[316]] times smaller than the largest.
""",
        nums=[
            "bytes@file_TR110 | v",
            "bytes@file_TR110 / 1000 | ap | unit=KB; hedge=roughly",
            "bytes@datacsv | v",
            "bytes@file_TR110 / bytes@all * 100 | sh",
            "bytes@file_TR108 | v",
            "bytes@file_TR109 | v",
            "bytes@tr3 | v",
            "bytes@tr3 / bytes@all * 100 | sh",
            "bytes@tr3 / bytes@md * 100 | sh",
            "smallest_bytes@all | v",
            "largest_bytes@all / smallest_bytes@all | ap | hedge=about; derived=ratio",
        ],
        swaps=[
            dict(
                pairs=[("Technical_Report_110.md", "Technical_Report_108.md")],
                tokens=[("file_TR110", "file_TR108")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p06
    dict(
        id="f06",
        style="Markdown table comparing models",
        text="""
### Model comparison (successful runs only)

| Model | Source file | Runs | Mean tok/s | Max tok/s | Cold TTFT (s) | Warm median TTFT (ms) | Mean load (s) |
|---|---|---:|---:|---:|---:|---:|---:|
| gemma3:270m | `gemma3_270m_baseline.csv` | [[5]] | [[283.56]] | [[299.19]] | [[7.84]] | [[63]] | [[0.229]] |
| gemma3:1b-it-qat | `gemma3_1b-it-qat_baseline.csv` | [[5]] | [[182.87]] | [[184.24]] | [[2.32]] | [[107]] | [[0.477]] |
| gemma3:latest | `gemma3_baseline.csv` | [[5]] | [[102.20]] | [[103.38]] | [[2.33]] | [[127]] | [[0.492]] |
| llama3.1:8b-instruct-q4_0 | `ollama_quant_bench.csv` | [[5]] | [[76.59]] | [[78.26]] | n/a (already loaded) | [[86]] | [[0.077]] |
| llama3.1:8b-instruct-q5_K_M | `ollama_quant_bench.csv` | [[5]] | [[65.18]] | [[65.89]] | [[6.41]] | [[96]] | [[1.305]] |
| llama3.1:8b-instruct-q8_0 | `ollama_quant_bench.csv` | [[5]] | [[46.57]] | [[46.85]] | [[9.61]] | [[94]] | [[1.892]] |

All [[30]] requests behind this table succeeded ([[30]] of [[30]]); the mean load column includes each model's cold load.
""",
        nums=[
            "ok_runs@g270b | v",
            "throughput@g270b | v",
            "throughput_max@g270b | v",
            "cold_ttft@g270b | v",
            "warm_ttft_median@g270b * 1000 | v | unit=ms",
            "load_time@g270b | v",
            "ok_runs@g1bb | v",
            "throughput@g1bb | v",
            "throughput_max@g1bb | v",
            "cold_ttft@g1bb | v",
            "warm_ttft_median@g1bb * 1000 | v | unit=ms",
            "load_time@g1bb | v",
            "ok_runs@glb | v",
            "throughput@glb | v",
            "throughput_max@glb | v",
            "cold_ttft@glb | v",
            "warm_ttft_median@glb * 1000 | v | unit=ms",
            "load_time@glb | v",
            "ok_runs@q4 | v",
            "throughput@q4 | v",
            "throughput_max@q4 | v",
            "warm_ttft_median@q4 * 1000 | v | unit=ms",
            "load_time@q4 | v",
            "ok_runs@q5 | v",
            "throughput@q5 | v",
            "throughput_max@q5 | v",
            "cold_ttft@q5 | v",
            "warm_ttft_median@q5 * 1000 | v | unit=ms",
            "load_time@q5 | v",
            "ok_runs@q8 | v",
            "throughput@q8 | v",
            "throughput_max@q8 | v",
            "cold_ttft@q8 | v",
            "warm_ttft_median@q8 * 1000 | v | unit=ms",
            "load_time@q8 | v",
            "runs@g270b + runs@g1bb + runs@glb + runs@q4 + runs@q5 + runs@q8 | v | subj=g270b; kind=inventory; name=the six model/quantisation groups of the table",
            "ok_runs@g270b + ok_runs@g1bb + ok_runs@glb + ok_runs@q4 + ok_runs@q5 + ok_runs@q8 | k | kind=inventory; name=the six model/quantisation groups of the table",
            "runs@g270b + runs@g1bb + runs@glb + runs@q4 + runs@q5 + runs@q8 | v | kind=inventory; name=the six model/quantisation groups of the table",
        ],
        swaps=[
            dict(
                pairs=[
                    ("gemma3:270m", "gemma3:latest"),
                    ("gemma3_270m_baseline.csv", "gemma3_baseline.csv"),
                ],
                tokens=[("g270b", "glb")],
            ),
            dict(
                pairs=[("llama3.1:8b-instruct-q4_0", "llama3.1:8b-instruct-q8_0")],
                tokens=[("q4", "q8")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p07
    dict(
        id="f07",
        style="head-to-head comparison, bold lead-in",
        text="""
**gemma3:270m vs gemma3:1b-it-qat.** On raw speed the smaller model wins clearly: [[283.56]] tok/s against [[182.87]] tok/s is a [[1.55]]x ratio, or [[55]]% more tokens per second, which works out to roughly [[100]] tok/s more in absolute terms. The catch is consistency. The gemma3:270m runs swing from [[238.24]] to [[299.19]] tok/s (sample standard deviation [[25.58]], a coefficient of variation of about [[9]]%), and almost all of that comes from the first, cold run; drop it and the warm mean is [[294.9]] tok/s. gemma3:1b-it-qat, by contrast, stays inside a [[2.27]] tok/s band ([[181.97]]–[[184.24]]) with a standard deviation under [[1]] tok/s, and its mean sits just [[0.20]] tok/s above its median of [[182.67]] tok/s.
""",
        nums=[
            "throughput@g270b | v",
            "throughput@g1bb | v",
            "throughput@g270b / throughput@g1bb | r",
            "(throughput@g270b / throughput@g1bb - 1) * 100 | pc",
            "throughput@g270b - throughput@g1bb | ap | hedge=roughly; derived=difference",
            "throughput_min@g270b | v",
            "throughput_max@g270b | v",
            "throughput_std@g270b | v",
            "throughput_cv@g270b | ap | hedge=about",
            "throughput_warm@g270b | v",
            "throughput_range@g1bb | v",
            "throughput_min@g1bb | v",
            "throughput_max@g1bb | v",
            "throughput_std@g1bb | bu | hedge=under",
            "throughput@g1bb - throughput_median@g1bb | d",
            "throughput_median@g1bb | v",
        ],
        swaps=[
            dict(pairs=[("gemma3:270m", "gemma3:1b-it-qat")], tokens=[("g270b", "g1bb")]),
        ],
    ),
    # ------------------------------------------------------------------ p08
    dict(
        id="f08",
        style="heading sets the subject, then 'it' / 'the model'",
        text="""
### gemma3:latest

The default gemma3 tag is the slowest of the three gemma3 baselines, but it is also one of the steadiest. Over [[5]] runs the model averaged [[102.2]] tokens per second, with a median of [[102.04]] and a sample standard deviation of [[0.91]] tokens per second; its fastest run reached [[103.38]] and its slowest [[101.04]], a spread of just [[2.34]] tok/s. It loads in [[0.49]] seconds on average, but its first request needed [[2.33]] seconds to the first token, about [[18]] times the [[127]]-millisecond warm median. Its [[36]]-configuration sweep tells the same story: every one of the [[36]] configurations completed, and the model never left the [[100.76]] to [[103.16]] tok/s band.
""",
        nums=[
            "ok_runs@glb | v",
            "throughput@glb | v",
            "throughput_median@glb | v",
            "throughput_std@glb | v",
            "throughput_max@glb | v",
            "throughput_min@glb | v",
            "throughput_range@glb | v",
            "load_time@glb | v",
            "cold_ttft@glb | v",
            "cold_warm@glb | ap | hedge=about",
            "warm_ttft_median@glb * 1000 | v | unit=ms",
            "configurations@slat | v",
            "ok_configurations@slat | k",
            "throughput_min@slat | v",
            "throughput_max@slat | v",
        ],
        swaps=[
            dict(
                pairs=[("gemma3:latest", "gemma3:1b-it-qat")],
                tokens=[("glb", "g1bb"), ("slat", "s1b")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p09
    dict(
        id="f09",
        style="quantisation trade-off discussion",
        text="""
## Quantisation trade-off: q4_0 vs q5_K_M vs q8_0

The llama3.1 quantisation bench (`ollama_quant_bench.csv`, [[5]] prompts per tag) shows the expected ordering. q4_0 delivered [[76.59]] tok/s on average, q5_K_M [[65.18]] and q8_0 [[46.57]], so q4_0 is about [[1.6]]x as fast as q8_0 ([[64]]% faster) and q8_0 runs at roughly [[61]]% of the q4_0 rate, a loss of [[30.0]] tok/s. The step from q5_K_M to q8_0 is the expensive one ([[1.40]]x), while q4_0 buys a further [[17]]% or so over q5_K_M. Loading follows the same order: the q8_0 model took [[9.61]] seconds to its first token when cold, q5_K_M [[6.41]] seconds, and q4_0 had no cold start at all in this file, because its first row came back in [[0.138]] seconds with the model already resident. Once warm, the three are indistinguishable on latency, each with a median TTFT under [[100]] milliseconds.
""",
        nums=[
            "runs@q4 | v",
            "throughput@q4 | v",
            "throughput@q5 | v",
            "throughput@q8 | v",
            "throughput@q4 / throughput@q8 | ap | hedge=about; derived=ratio",
            "(throughput@q4 / throughput@q8 - 1) * 100 | pc",
            "throughput@q8 / throughput@q4 * 100 | ap | hedge=roughly; derived=share; unit=%",
            "throughput@q4 - throughput@q8 | d",
            "throughput@q5 / throughput@q8 | r",
            "(throughput@q4 / throughput@q5 - 1) * 100 | ap | hedge=or so; derived=percent_change",
            "cold_ttft@q8 | v",
            "cold_ttft@q5 | v",
            "cold_ttft@q4 | v | quantity=first_ttft; how=ttft_s of the first q4_0 row of outputs/reports/llama3/ollama_quant_bench.csv (not a cold start: the model was already loaded)",
            "max(warm_ttft_median@q4, warm_ttft_median@q5, warm_ttft_median@q8) * 1000 | bu | hedge=under; unit=ms; how=largest of the three warm medians (rows 2..5 of each tag in outputs/reports/llama3/ollama_quant_bench.csv) of ttft_s, in ms",
        ],
        swaps=[
            dict(pairs=[("q4_0", "q8_0")], tokens=[("q4", "q8")]),
        ],
    ),
    # ------------------------------------------------------------------ p10
    dict(
        id="f10",
        style="cross-check against a second session",
        text="""
A second, independent measurement of the same three quantisations exists in the prompt-suite session `20251002-151824`, the only one of that day's five sessions in which every request succeeded ([[15]] of [[15]] rows). The agreement with the quant bench is good. q4_0 averaged [[77.62]] tok/s there against [[76.59]] in the bench, a difference of about [[1.0]] tok/s; q5_K_M came in at [[65.11]] (bench: [[65.18]]) and q8_0 at [[46.40]] (bench: [[46.57]]). The cold-start penalty is more visible in this session because each model was loaded fresh: the first q4_0 request took [[2.86]] s, the first q5_K_M request [[7.39]] s and the first q8_0 request [[9.62]] s, roughly [[104]] times the q8_0 warm median of [[92]] ms.
""",
        nums=[
            "ok_runs@ps151824 | k",
            "runs@ps151824 | v",
            "throughput@ps4 | v",
            "throughput@q4 | v",
            "throughput@ps4 - throughput@q4 | ap | hedge=about; derived=difference",
            "throughput@ps5 | v",
            "throughput@q5 | v",
            "throughput@ps8 | v",
            "throughput@q8 | v",
            "cold_ttft@ps4 | v",
            "cold_ttft@ps5 | v",
            "cold_ttft@ps8 | v",
            "cold_warm@ps8 | ap | hedge=roughly",
            "warm_ttft_median@ps8 * 1000 | v | unit=ms",
        ],
        swaps=[
            dict(pairs=[("q5_K_M", "q8_0")], tokens=[("ps5", "ps8"), ("q5", "q8")]),
        ],
    ),
    # ------------------------------------------------------------------ p11
    dict(
        id="f11",
        style="reliability section, k-of-n bullets",
        text="""
## Reliability

Failures are concentrated in the Ollama run logs, not in the sweeps.

- **Prompt suite, 2 October 2025:** [[4]] of [[5]] sessions failed outright, so [[60]] of [[75]] rows ([[80]]%) carry an error ("Failed to connect to Ollama", a URL missing its `http://` scheme, and `[WinError 10049]`).
- **Benchmarks, 8 October 2025:** [[3]] of the [[5]] run files have no successful row ([[15]] of [[25]] rows failed, [[60]]%); the two "fixed" re-runs completed [[10]] of [[10]].
- **All run logs together:** [[75]] failed rows out of [[100]], across [[10]] timestamped folders.
- **Parameter sweeps:** [[2]] of [[144]] configurations failed (about [[1.4]]%), both in `gemma3_270m_param_tuning.csv`, where they are [[5.6]]% of that sweep's [[36]] rows.
""",
        nums=[
            "dead_files@batch1002 | k",
            "run_files@batch1002 | v",
            "failed_runs@batch1002 | k",
            "runs@batch1002 | v",
            "failed_share@batch1002 | sh",
            "dead_files@batch1008 | k",
            "run_files@batch1008 | v",
            "failed_runs@batch1008 | k",
            "runs@batch1008 | v",
            "failed_share@batch1008 | sh",
            "ok_runs@gfix + ok_runs@lfix | k | kind=root; name=outputs/reports/ollama/20251008-122911 + 20251008-122955",
            "runs@gfix + runs@lfix | v | kind=root; name=outputs/reports/ollama/20251008-122911 + 20251008-122955",
            "failed_runs@ollama_runs | k",
            "runs@ollama_runs | v",
            "sessions@ollama_runs | v",
            "failed_configurations@sweeps | k",
            "configurations@sweeps | v",
            "failed_configurations@sweeps / configurations@sweeps * 100 | ap | hedge=about; derived=share",
            "failed_share@s270 | sh",
            "configurations@s270 | v",
        ],
        swaps=[
            dict(
                pairs=[("gemma3_270m_param_tuning.csv", "gemma3_1b-it-qat_param_tuning.csv")],
                tokens=[("s270", "s1b")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p12
    dict(
        id="f12",
        style="failure case study (long compound sentences)",
        text="""
The clearest single failure is `outputs/reports/ollama/20251008-122701/gemma3_benchmark_runs.csv`: all [[5]] of its [[5]] gemma3:latest requests failed with `[WinError 10049]`, so the file contributes no throughput or latency figure, and the zeros in it are placeholders rather than measurements. The re-run in `outputs/reports/ollama/20251008-122911/gemma3_benchmark_fixed_runs.csv` completed [[5]] of [[5]] requests and averaged [[88.90]] tok/s, a figure pulled down by a cold first request that ran at only [[35.98]] tok/s after [[29.99]] seconds of waiting (just under [[30]]); its four warm requests averaged [[102.1]] tok/s, within [[0.1]] tok/s of the gemma3:latest baseline ([[102.2]]).
""",
        nums=[
            "failed_runs@f122701 | k",
            "runs@f122701 | v",
            "ok_runs@gfix | k",
            "runs@gfix | v",
            "throughput@gfix | v",
            "throughput_cold@gfix | v",
            "cold_ttft@gfix | v",
            "cold_ttft@gfix | bu | hedge=just under",
            "throughput_warm@gfix | v",
            "abs(throughput_warm@gfix - throughput@glb) | bu | hedge=within; derived=difference",
            "throughput@glb | v",
        ],
        swaps=[
            dict(
                pairs=[
                    (
                        "20251008-122701/gemma3_benchmark_runs.csv",
                        "20251008-122911/gemma3_benchmark_fixed_runs.csv",
                    )
                ],
                tokens=[("f122701", "gfix")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p13
    dict(
        id="f13",
        style="parameter sweep analysis, heading-led",
        text="""
### Parameter sweep: gemma3:270m

The gemma3:270m sweep crosses [[4]] num_gpu settings ([[40]], [[60]], [[80]] and [[999]]) with [[3]] context sizes ([[1024]] to [[4096]] tokens) and [[3]] temperatures ([[0.2]], [[0.4]], [[0.8]]), a full [[36]]-point grid. [[34]] configurations finished; the other [[2]] timed out, which is why the accompanying summary CSV has only [[34]] rows. The best configuration, `g999_c4096_t0.8`, reached [[303.90]] tok/s with num_gpu [[999]], num_ctx [[4096]] and temperature [[0.8]]; the worst, `g60_c1024_t0.8`, managed just [[212.72]] tok/s, so the best is about [[43]]% faster than the worst and the full range spans [[91.2]] tok/s. The middle of the distribution is much tighter than that range suggests: the median configuration ran at [[289.7]] tok/s against a mean of [[286.5]], and the num_gpu [[60]] rows are the weak spot, averaging [[269.9]] tok/s across their [[7]] successful configurations versus [[293.5]] for num_gpu [[999]].
""",
        nums=[
            "num_gpu_levels@s270 | v",
            "num_gpu_level1@s270 | v",
            "num_gpu_level2@s270 | v",
            "num_gpu_level3@s270 | v",
            "num_gpu_level4@s270 | v",
            "num_ctx_levels@s270 | v",
            "num_ctx_min@s270 | v",
            "num_ctx_max@s270 | v",
            "temperature_levels@s270 | v",
            "temperature_level1@s270 | v",
            "temperature_level2@s270 | v",
            "temperature_level3@s270 | v",
            "configurations@s270 | v",
            "ok_configurations@s270 | v",
            "failed_configurations@s270 | k",
            "configurations@s270sum | v",
            "throughput@s270.best | v",
            "num_gpu@s270.best | v",
            "num_ctx@s270.best | v",
            "temperature@s270.best | v",
            "throughput@s270.worst | v",
            "(throughput@s270.best / throughput@s270.worst - 1) * 100 | ap | hedge=about; derived=percent_change",
            "throughput_range@s270 | v",
            "throughput_median@s270 | v",
            "throughput@s270 | v",
            "num_gpu_level2@s270 | v",
            "throughput@s270~g60 | v",
            "ok_configurations@s270~g60 | v",
            "throughput@s270~g999 | v",
            "num_gpu_level4@s270 | v",
        ],
        swaps=[
            dict(
                pairs=[("g999_c4096_t0.8", "g60_c1024_t0.8")], tokens=[("s270.best", "s270.worst")]
            ),
            dict(
                pairs=[("gemma3:270m", "gemma3:1b-it-qat")],
                tokens=[("s270", "s1b"), ("s270sum", "s1bsum")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p14
    dict(
        id="f14",
        style="sweep analysis referring back with 'this sweep'",
        text="""
The llama3.1 sweep (`ollama_param_tuning.csv`) is the flattest of the four. This sweep ran all [[36]] configurations without a failure, and its throughput barely moves: the mean is [[77.61]] tok/s, the sample standard deviation just [[0.28]] tok/s, and the best and worst configurations are only [[1.49]] tok/s apart (under [[2]]%). The top result, [[78.42]] tok/s, came from num_gpu [[40]], num_ctx [[1024]] and temperature [[0.4]]; the bottom, [[76.93]] tok/s, from num_gpu [[80]], num_ctx [[4096]] and temperature [[0.2]]. What temperature does change in this sweep is latency, not speed: the [[12]] temperature-0.2 rows, each the first configuration of its num_gpu/num_ctx pair, averaged [[3.46]] s to first token, while the temperature-0.4 rows had a median of [[83]] ms.
""",
        nums=[
            "ok_configurations@sllama | v",
            "throughput@sllama | v",
            "throughput_std@sllama | v",
            "throughput_range@sllama | v",
            "(throughput_max@sllama / throughput_min@sllama - 1) * 100 | bu | hedge=under; derived=percent_change",
            "throughput@sllama.best | v",
            "num_gpu@sllama.best | v",
            "num_ctx@sllama.best | v",
            "temperature@sllama.best | v",
            "throughput@sllama.worst | v",
            "num_gpu@sllama.worst | v",
            "num_ctx@sllama.worst | v",
            "temperature@sllama.worst | v",
            "ok_configurations@sllama~t0.2 | v",
            "ttft@sllama~t0.2 | v",
            "ttft_median@sllama~t0.4 * 1000 | v | unit=ms",
        ],
        swaps=[
            dict(
                pairs=[
                    ("llama3.1 sweep", "gemma3:latest sweep"),
                    ("`ollama_param_tuning.csv`", "`gemma3_param_tuning.csv`"),
                ],
                tokens=[("sllama", "slat")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p15
    dict(
        id="f15",
        style="effect of num_ctx / num_gpu / temperature",
        text="""
gemma3:1b-it-qat is remarkably insensitive to its parameters. Across the [[36]] configurations of its sweep the throughput stays between [[180.25]] and [[187.18]] tok/s, a best-to-worst gap of [[3.8]]%, and no single knob explains even that: grouped by context size, the means are [[183.14]] tok/s at num_ctx [[1024]], [[184.46]] at [[2048]] and [[183.69]] at [[4096]], and grouped by num_gpu the best level (num_gpu [[80]], [[184.69]] tok/s) beats the worst (num_gpu [[40]], [[183.04]] tok/s) by under [[1]]%. Latency is another matter. Every temperature-0.2 configuration, [[12]] of the [[36]], paid a reload of about [[6.5]] seconds to first token, which lifts the sweep's mean TTFT to [[2.23]] s even though its median is only [[96]] ms.
""",
        nums=[
            "configurations@s1b | v",
            "throughput_min@s1b | v",
            "throughput_max@s1b | v",
            "(throughput_max@s1b / throughput_min@s1b - 1) * 100 | pc",
            "throughput@s1b~c1024 | v",
            "num_ctx_level1@s1b | v",
            "throughput@s1b~c2048 | v",
            "num_ctx_level2@s1b | v",
            "throughput@s1b~c4096 | v",
            "num_ctx_level3@s1b | v",
            "num_gpu_level3@s1b | v",
            "throughput@s1b~g80 | v",
            "num_gpu_level1@s1b | v",
            "throughput@s1b~g40 | v",
            "(throughput@s1b~g80 / throughput@s1b~g40 - 1) * 100 | bu | hedge=under; derived=percent_change",
            "ok_configurations@s1b~t0.2 | k",
            "configurations@s1b | v",
            "ttft@s1b~t0.2 | ap | hedge=about",
            "ttft@s1b | v",
            "ttft_median@s1b * 1000 | v | unit=ms",
        ],
        swaps=[
            dict(pairs=[("gemma3:1b-it-qat", "gemma3:270m")], tokens=[("s1b", "s270")]),
        ],
    ),
    # ------------------------------------------------------------------ p16
    dict(
        id="f16",
        style="cold start vs warm",
        text="""
## Cold start versus warm

Nearly every model pays a one-off penalty on its first request, and the size of that penalty varies far more than throughput does. For gemma3:270m the first time-to-first-token was [[7.84]] seconds while the four warm requests had a median of [[62.6]] milliseconds, a cold/warm ratio of roughly [[125]]x. gemma3:1b-it-qat ([[2.32]] s cold, [[21.6]]x its warm median) and gemma3:latest ([[2.33]] s, [[18.3]]x) are much milder. The most extreme cases are the re-runs of 8 October 2025: gemma3:latest needed nearly [[30]] seconds ([[29.99]] s) for its first token in `gemma3_benchmark_fixed_runs.csv`, about [[238]] times its warm median of [[126]] ms, and llama3.1:8b-instruct-q4_0 needed [[13.04]] seconds in `llama3_q4_benchmark_fixed_runs.csv`, north of [[240]] times its [[53]] ms warm median. The lesson for reporting is simple: quote warm medians for steady-state latency and report the cold figure separately, never averaged in; averaging would put the gemma3:270m mean TTFT at [[1.62]] s, more than [[25]] times the warm median.
""",
        nums=[
            "cold_ttft@g270b | v",
            "warm_ttft_median@g270b * 1000 | v | unit=ms",
            "cold_warm@g270b | ap | hedge=roughly",
            "cold_ttft@g1bb | v",
            "cold_ttft@g1bb / warm_ttft_median@g1bb | r | quantity=cold_warm",
            "cold_ttft@glb | v",
            "cold_ttft@glb / warm_ttft_median@glb | r | quantity=cold_warm",
            "cold_ttft@gfix | ap | hedge=nearly",
            "cold_ttft@gfix | v",
            "cold_warm@gfix | ap | hedge=about",
            "warm_ttft_median@gfix * 1000 | v | unit=ms",
            "cold_ttft@lfix | v",
            "cold_warm@lfix | bo | hedge=north of",
            "warm_ttft_median@lfix * 1000 | v | unit=ms",
            "ttft@g270b | v",
            "ttft@g270b / warm_ttft_median@g270b | bo | hedge=more than; derived=ratio",
        ],
        swaps=[
            dict(pairs=[("gemma3:270m", "gemma3:1b-it-qat")], tokens=[("g270b", "g1bb")]),
            dict(
                pairs=[("gemma3_benchmark_fixed_runs.csv", "llama3_q4_benchmark_fixed_runs.csv")],
                tokens=[("gfix", "lfix")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p17
    dict(
        id="f17",
        style="Markdown table comparing sweeps",
        text="""
### The four sweeps side by side

| Sweep (model) | Configs | Failed | Mean tok/s | Best tok/s | Worst tok/s | Best vs worst |
|---|---:|---:|---:|---:|---:|---:|
| gemma3:270m | [[36]] | [[2]] | [[286.5]] | [[303.9]] | [[212.7]] | +[[42.9]]% |
| gemma3:1b-it-qat | [[36]] | [[0]] | [[183.8]] | [[187.2]] | [[180.2]] | +[[3.8]]% |
| gemma3:latest | [[36]] | [[0]] | [[102.0]] | [[103.2]] | [[100.8]] | +[[2.4]]% |
| llama3.1:8b-instruct-q4_0 | [[36]] | [[0]] | [[77.6]] | [[78.4]] | [[76.9]] | +[[1.9]]% |

Of the [[144]] configurations only [[142]] produced a measurement, and in no sweep does the best configuration sit more than [[6.1]]% above that sweep's mean.
""",
        nums=[
            "configurations@s270 | v",
            "failed_configurations@s270 | k",
            "throughput@s270 | v",
            "throughput_max@s270 | v",
            "throughput_min@s270 | v",
            "(throughput_max@s270 / throughput_min@s270 - 1) * 100 | pc",
            "configurations@s1b | v",
            "failed_configurations@s1b | k",
            "throughput@s1b | v",
            "throughput_max@s1b | v",
            "throughput_min@s1b | v",
            "(throughput_max@s1b / throughput_min@s1b - 1) * 100 | pc",
            "configurations@slat | v",
            "failed_configurations@slat | k",
            "throughput@slat | v",
            "throughput_max@slat | v",
            "throughput_min@slat | v",
            "(throughput_max@slat / throughput_min@slat - 1) * 100 | pc",
            "configurations@sllama | v",
            "failed_configurations@sllama | k",
            "throughput@sllama | v",
            "throughput_max@sllama | v",
            "throughput_min@sllama | v",
            "(throughput_max@sllama / throughput_min@sllama - 1) * 100 | pc",
            "configurations@sweeps | v",
            "ok_configurations@sweeps | k",
            "max(throughput_max@s270 / throughput@s270, throughput_max@s1b / throughput@s1b, throughput_max@slat / throughput@slat, throughput_max@sllama / throughput@sllama) * 100 - 100 | bu | subj=sweeps; hedge=no more than; derived=percent_change; quantity=throughput; how=largest over the 4 distinct sweeps of (max tokens_s / mean tokens_s over the ok configurations - 1) x 100",
        ],
        swaps=[
            dict(pairs=[("gemma3:270m", "llama3.1:8b-instruct-q4_0")], tokens=[("s270", "sllama")]),
            dict(pairs=[("gemma3:1b-it-qat", "gemma3:latest")], tokens=[("s1b", "slat")]),
        ],
    ),
    # ------------------------------------------------------------------ p18
    dict(
        id="f18",
        style="terse distribution bullets with percentiles",
        text="""
Throughput distribution per sweep (successful configurations, linearly interpolated percentiles):

- gemma3:270m: p5 [[271.3]], median [[289.7]], p95 [[301.2]] tok/s (n=[[34]])
- gemma3:1b-it-qat: p5 [[180.9]], median [[184.0]], p95 [[186.1]] tok/s (n=[[36]])
- gemma3:latest: p5 [[101.4]], median [[102.0]], p95 [[103.0]] tok/s (n=[[36]])
- llama3.1:8b-instruct-q4_0: p5 [[77.2]], median [[77.6]], p95 [[78.0]] tok/s (n=[[36]])

Only the gemma3:270m sweep has a long lower tail: its p5 sits [[18.3]] tok/s below its median, while for the other three sweeps that gap is under [[3.2]] tok/s.
""",
        nums=[
            "throughput_p5@s270 | v",
            "throughput_median@s270 | v",
            "throughput_p95@s270 | v",
            "ok_configurations@s270 | v",
            "throughput_p5@s1b | v",
            "throughput_median@s1b | v",
            "throughput_p95@s1b | v",
            "ok_configurations@s1b | v",
            "throughput_p5@slat | v",
            "throughput_median@slat | v",
            "throughput_p95@slat | v",
            "ok_configurations@slat | v",
            "throughput_p5@sllama | v",
            "throughput_median@sllama | v",
            "throughput_p95@sllama | v",
            "ok_configurations@sllama | v",
            "throughput_median@s270 - throughput_p5@s270 | d",
            "max(throughput_median@s1b - throughput_p5@s1b, throughput_median@slat - throughput_p5@slat, throughput_median@sllama - throughput_p5@sllama) | bu | hedge=under; derived=difference; how=largest of (median - 5th percentile, linear) of tokens_s over the ok configurations of the gemma3:1b-it-qat, gemma3:latest and llama3.1 sweeps",
        ],
        swaps=[
            dict(pairs=[("gemma3:270m", "gemma3:1b-it-qat")], tokens=[("s270", "s1b")]),
        ],
    ),
    # ------------------------------------------------------------------ p19
    dict(
        id="f19",
        style="numbered recommendations citing numbers",
        text="""
## Recommendations

1. **Default to gemma3:270m for latency-sensitive banter.** At [[283.6]] tok/s it is about [[55]]% faster than gemma3:1b-it-qat, but keep the model resident: its [[7.8]] s cold start is over [[100]]x its warm latency.
2. **Prefer q4_0 over q8_0 for llama3.1** unless quality testing says otherwise: [[76.6]] versus [[46.6]] tok/s, plus a [[9.6]] s cold TTFT for q8_0.
3. **Do not spend time tuning num_gpu or num_ctx for throughput.** Outside the gemma3:270m sweep, the best configuration beats the worst by under [[4]]% in every sweep.
4. **Fix the harness before re-running anything.** [[75]]% of the logged Ollama rows failed on connection or URL errors; a health check against the host would have saved [[7]] of the [[10]] run folders.
5. **Warm up once per model and drop that request** from the statistics: it would have removed a [[29.99]] s outlier from the gemma3:latest re-run.
""",
        nums=[
            "throughput@g270b | v",
            "(throughput@g270b / throughput@g1bb - 1) * 100 | ap | hedge=about; derived=percent_change",
            "cold_ttft@g270b | v",
            "cold_warm@g270b | bo | hedge=over",
            "throughput@q4 | v",
            "throughput@q8 | v",
            "cold_ttft@q8 | v",
            "max(throughput_max@s1b / throughput_min@s1b, throughput_max@slat / throughput_min@slat, throughput_max@sllama / throughput_min@sllama) * 100 - 100 | bu | subj=sweeps; hedge=under; derived=percent_change; quantity=throughput; how=largest over the gemma3:1b-it-qat, gemma3:latest and llama3.1 sweeps of (max / min tokens_s over ok configurations - 1) x 100",
            "failed_share@ollama_runs | sh",
            "dead_files@ollama_runs | k",
            "sessions@ollama_runs | v",
            "cold_ttft@gfix | v",
        ],
        swaps=[
            dict(pairs=[("q4_0", "q8_0")], tokens=[("q4", "q8")]),
        ],
    ),
    # ------------------------------------------------------------------ p20
    dict(
        id="f20",
        style="data-quality caveats",
        text="""
A few properties of the folder matter for anyone re-using these numbers. Four files are stored twice, byte for byte (`ollama_quant_bench.csv`, `ollama_param_tuning.csv`, `ollama_param_tuning_summary.csv` and `ollama_benchmark_summary.md`), so the inventory counts [[101]] files but only [[97]] distinct contents, and the second copies account for [[11,729]] bytes, under [[3]]% of the total. Statistics in this report count each copy once, which is why there are [[4]] sweeps rather than five. The sweep summary files are not a substitute for the raw sweeps either: `gemma3_270m_param_tuning_summary.csv` silently drops the [[2]] failed configurations and lists [[34]], whereas the raw sweep has all [[36]] rows with their `timed out` errors. Finally, the per-session summaries report means that include the cold request; for the gemma3:latest re-run that mean is [[88.9]] tok/s, about [[13]]% below the [[102.1]] tok/s of its four warm requests.
""",
        nums=[
            "files@all | v",
            "files@all_distinct | v",
            "bytes@dups | v",
            "bytes@dups / bytes@all * 100 | bu | hedge=under; derived=share",
            "sweeps@sweeps | v",
            "failed_configurations@s270 | k",
            "configurations@s270sum | v",
            "configurations@s270 | v",
            "throughput@gfix | v",
            "(1 - throughput@gfix / throughput_warm@gfix) * 100 | ap | hedge=about; derived=percent_change",
            "throughput_warm@gfix | v",
        ],
        swaps=[
            dict(
                pairs=[
                    (
                        "gemma3_270m_param_tuning_summary.csv",
                        "gemma3_1b-it-qat_param_tuning_summary.csv",
                    )
                ],
                tokens=[("s270", "s1b"), ("s270sum", "s1bsum")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ p21
    dict(
        id="f21",
        style="family-level comparison",
        text="""
**Family view.** The gemma3 family owns the top of the throughput table: its three baselines span [[102.2]] to [[283.6]] tok/s, and even its slowest member, gemma3:latest, outruns the fastest llama3.1 quantisation in the quant bench (q4_0, [[76.6]] tok/s) by [[33]]%. Put differently, the fastest gemma3 model is roughly [[3.7]]x that q4_0 figure and about [[6.1]]x the slowest quantisation (q8_0 at [[46.6]] tok/s). Between them the [[2]] families cover [[6]] model tags with at least one successful run.
""",
        nums=[
            f"min({BASE3}) | v | kind=family; name=gemma3; how=lowest of the three gemma3 baseline means (mean tokens_s over the 5 ok rows of gemma3_270m_baseline.csv, gemma3_1b-it-qat_baseline.csv, gemma3_baseline.csv)",
            f"max({BASE3}) | v | kind=family; name=gemma3; how=highest of the three gemma3 baseline means (mean tokens_s over the 5 ok rows of gemma3_270m_baseline.csv, gemma3_1b-it-qat_baseline.csv, gemma3_baseline.csv)",
            "throughput@q4 | v",
            "(throughput@glb / throughput@q4 - 1) * 100 | pc",
            "throughput@g270b / throughput@q4 | ap | hedge=roughly; derived=ratio",
            "throughput@g270b / throughput@q8 | ap | hedge=about; derived=ratio",
            "throughput@q8 | v",
            "families@fam | v",
            "models@models | v",
        ],
        swaps=[
            dict(pairs=[("q4_0", "q8_0")], tokens=[("q4", "q8")]),
        ],
    ),
]
