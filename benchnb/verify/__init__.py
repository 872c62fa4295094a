"""Stage 4b, **verify**: a text and the facts in, the grounding of every number out.

In: Markdown or plain text (a narrative, any report) and the run's
:class:`~benchnb.analyse.fact.Fact` objects. Out: a :class:`Grounding` — every claim (a
number written as a quantity) with the fact or relation of facts that supports it, or none.
:mod:`~benchnb.verify.claims` finds the claims, :mod:`~benchnb.verify.layout` the sentences
and blocks, :mod:`~benchnb.verify.index` prepares the facts, :mod:`~benchnb.verify.units` the
units, and :mod:`~benchnb.verify.rules` decides.
"""

from benchnb.verify.rules import (
    Claim,
    Grounding,
    load_facts,
    remove_unsupported,
    verify,
)

__all__ = [
    "Claim",
    "Grounding",
    "load_facts",
    "remove_unsupported",
    "verify",
]
