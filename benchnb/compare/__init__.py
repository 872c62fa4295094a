"""The **comparison** of two runs: what regressed, what improved, what stayed the same.

In: two sides, each a run id of the store, a run folder or a folder of artifacts
(:mod:`~benchnb.compare.sides`), and the options (alpha, threshold, ignore_env, metrics,
by). Out: a :class:`~benchnb.compare.verdict.Comparison` — per series (subject,
configuration, metric; :mod:`~benchnb.compare.keys`) n, median and 95 % interval per side,
ratio and verdict (:mod:`~benchnb.compare.verdict`, statistics in
:mod:`~benchnb.compare.stats`), geometric means per metric — rendered as text, Markdown or
JSON (:mod:`~benchnb.compare.render`); its facts (:mod:`~benchnb.compare.facts`) and the
checked narrative (:mod:`~benchnb.compare.narrative`); saved with notebook 04_compare by
:mod:`~benchnb.compare.outputs`.
"""
