"""The cyclic garbage collector paused while a stage builds many objects at once.

Making 850,000 facts (and the verifier's index of them) allocates millions of tuples,
dicts and lists, none of them in a cycle; each few hundred allocations start a
collection, and the full ones walk every object alive, so their cost grows with the
facts already made (half of the index's build at 1,000 files). Reference counting still
frees what is dropped; the collector runs again, once, when the stage is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector inside the block (as it was after it: nested blocks
    and a collector already off stay as they are)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
