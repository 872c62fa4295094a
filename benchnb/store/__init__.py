"""The **store**: every run kept in an embedded DuckDB database, for history and compare.

In: a finished run — its parameters, status, host environment and git commits, inventory
summary, tidy metrics, facts, LLM statistics, grounding, and the environment its artifacts
state. Out: rows in ``outputs/benchnb.duckdb`` (the ``store`` parameter), a schema
versioned by :mod:`~benchnb.store.schema` (migrations), and what :mod:`~benchnb.store.history`
reads back: the runs, and one run's metrics for ``benchnb compare``. :mod:`~benchnb.store.db`
serialises the writers; :mod:`~benchnb.store.record` writes a run;
:mod:`~benchnb.store.environment` fingerprints the host.
"""

from benchnb.store.db import StoreError, connect, location
from benchnb.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "StoreError", "connect", "location"]
