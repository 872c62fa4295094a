"""Stage 5, **run**: parameters in, a run folder out.

In: validated :class:`~benchnb.run.params.Parameters` (defaults < ``-f`` files < ``-p``
pairs < ROOT arguments). Out: a run folder — the saved results of every stage
(:mod:`~benchnb.run.pipeline` computes them once), the three notebooks executed with
papermill to display them (:mod:`~benchnb.run.notebooks`), their exports, and ``run.json``
(:mod:`~benchnb.run.runner`). The parameters own every default.
"""

from benchnb.run.params import Parameters, merge, validate

__all__ = ["Parameters", "merge", "validate"]
