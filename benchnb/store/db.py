"""Opening the store: one process at a time, never a half-done write.

DuckDB lets one process hold a database file for writing. benchnb serialises on a lock
file beside it (``<store>.lock``, an advisory exclusive ``flock``, taken by readers too:
DuckDB cannot open a file to write that another process has open to read): a second
writer waits for the first (up to ``timeout`` seconds) instead of failing or corrupting
it, and every connection is held only as long as one write or one query.
Where ``flock`` does not exist, DuckDB's own lock is retried until the timeout.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchnb.errors import BenchnbError
from benchnb.store.schema import migrate

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

DEFAULT_STORE = Path("outputs") / "benchnb.duckdb"
ENV_VAR = "BENCHNB_STORE"
OFF = ("off", "none", "no", "false", "")
WAIT_S = 120.0


class StoreError(BenchnbError):
    """The store cannot be opened, read or written."""


def location(value: str | None) -> Path | None:
    """The store a parameter value names: a path; None (the default): ``$BENCHNB_STORE``,
    else ``outputs/benchnb.duckdb``; ``off``: no store."""
    if value is None:
        value = os.environ.get(ENV_VAR) or str(DEFAULT_STORE)
    if value.strip().lower() in OFF:
        return None
    return Path(value).expanduser()


@contextmanager
def _locked(path: Path, timeout: float) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    lock = path.with_name(path.name + ".lock")
    handle = open(lock, "a+")  # noqa: SIM115 - held for the with block
    mode = fcntl.LOCK_EX | fcntl.LOCK_NB
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(handle, mode)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"the store {path} stayed locked by another benchnb for {timeout:.0f} s"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        handle.close()  # releases the lock


def _connect(path: Path, read_only: bool, deadline: float) -> Any:
    import duckdb

    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:  # DuckDB's own lock: another process has it
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise StoreError(f"cannot open the store {path}: {exc}") from None
            time.sleep(0.1)


@contextmanager
def connect(path: Path, write: bool = True, timeout: float = WAIT_S) -> Iterator[Any]:
    """A connection to the store at ``path``, migrated to the current schema (created when
    it does not exist, when writing). Reading a store that does not exist is an error."""
    path = Path(path)
    if not write and not path.is_file():
        raise StoreError(f"no store at {path} (benchnb run writes it; see --store)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of the store {path}: {exc}") from exc
    with _locked(path, timeout):
        con = _connect(path, read_only=False, deadline=time.monotonic() + timeout)
        try:
            try:
                migrate(con)
            except ValueError as exc:
                raise StoreError(str(exc)) from None
            yield con
        finally:
            con.close()
