"""Stage **batch**: many parameter sets in, one run folder each and a summary out.

In: batch parameter files (a file per run, a ``runs:`` list, a ``matrix:`` of values).
Out: DIR with ``batch.json`` / ``batch.md`` / ``batch.html`` and ``runs/<name>/``, each
made by ``benchnb run`` in a process of its own. :mod:`~benchnb.batch.plan` expands and
validates the runs, :mod:`~benchnb.batch.state` holds DIR and decides what a batch
started again skips, :mod:`~benchnb.batch.task` runs one run (:mod:`~benchnb.batch.child`
is its process), :mod:`~benchnb.batch.local` and :mod:`~benchnb.batch.cluster` execute
runs here or on Dask, :mod:`~benchnb.batch.ship` packs folders for workers,
:mod:`~benchnb.batch.runner` drives a batch, :mod:`~benchnb.batch.summary` writes its
summary, :mod:`~benchnb.batch.progress` prints it, :mod:`~benchnb.batch.command` is the
command. Nothing heavy is imported here: ``benchnb --help`` stays fast.
"""
