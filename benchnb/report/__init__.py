"""Stage 4a, **report**: facts in, the report out.

In: the inventory summary, the :class:`~benchnb.analyse.fact.Fact` objects of the analysis
and the run parameters. Out: a :class:`~benchnb.report.build.Report` — the Markdown report
(narrative sections and code-rendered tables), its self-contained HTML page, and the record
run.json keeps (who wrote it, the LLM's statistics, the grounding of every number).
:mod:`~benchnb.report.factsheet` selects the facts and renders the sheet the model sees;
:mod:`~benchnb.report.narrative` has each section written by the LLM (or
:mod:`~benchnb.report.writer`, the deterministic writer), checked by :mod:`benchnb.verify`
and repaired once; :mod:`~benchnb.report.compose` assembles the Markdown and
:mod:`~benchnb.report.html` the page.
"""
