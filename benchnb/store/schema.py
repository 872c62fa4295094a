"""The store's schema, as the list of migrations that built it.

Version *n* of the schema is what the first *n* migrations make; a new database runs them
all, an older one the ones it lacks (``meta.schema_version`` says which it has). A change
to the schema is a new migration appended here, never an edit of an old one, so that every
database benchnb ever wrote opens. JSON columns hold JSON text (cast with ``::JSON``).

Version 1: ``runs`` (one row per ``benchnb run``: id, times, status, parameters, version,
host environment, git commits), ``inventory``, ``metrics`` (the tidy table), ``facts``,
``llm``, ``grounding``. Version 2: ``artifact_env`` (the environment each artifact states,
hardware or not) and ``runs.fingerprint`` (a digest of the hardware the artifacts name;
NULL for runs stored by version 1). Version 3: ``batch_runs`` (one row per run of each
``benchnb batch``: its status, reason, time and folder, also for runs that failed before
``benchnb run`` could store them, and for runs skipped because they completed earlier).
"""

from __future__ import annotations

from typing import Any

_V1 = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    status VARCHAR NOT NULL,          -- running | complete | failed
    error VARCHAR,
    started_at TIMESTAMP NOT NULL,    -- UTC
    finished_at TIMESTAMP,
    seconds DOUBLE,
    out_dir VARCHAR,
    parameters VARCHAR,               -- JSON: the validated run parameters
    benchnb_version VARCHAR,
    python VARCHAR,
    os VARCHAR,
    cpu VARCHAR,
    gpu VARCHAR,
    hostname VARCHAR,
    pid INTEGER,
    environment VARCHAR,              -- JSON: the host fingerprint
    git VARCHAR                       -- JSON: per root, the commit of its repository
);
CREATE TABLE inventory (
    run_id VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,           -- total | type | root
    name VARCHAR NOT NULL,
    files BIGINT,
    bytes BIGINT,
    analysed BIGINT,
    skipped BIGINT,
    latest_modified VARCHAR
);
CREATE TABLE metrics (
    run_id VARCHAR NOT NULL,
    source VARCHAR, record VARCHAR, metric VARCHAR, stat VARCHAR, value DOUBLE,
    unit VARCHAR, status VARCHAR, error VARCHAR,
    model VARCHAR, model_from VARCHAR, quant VARCHAR, config VARCHAR,
    num_gpu DOUBLE, num_ctx DOUBLE, temperature DOUBLE,
    prompt VARCHAR, scenario VARCHAR, test VARCHAR, section VARCHAR,
    "timestamp" VARCHAR, run VARCHAR, cold BOOLEAN
);
CREATE TABLE facts (
    run_id VARCHAR NOT NULL,
    id VARCHAR, kind VARCHAR, subject VARCHAR, name VARCHAR, metric VARCHAR,
    statistic VARCHAR, value DOUBLE, unit VARCHAR, label VARCHAR,
    sources VARCHAR, dims VARCHAR, reported VARCHAR, rank INTEGER
);
CREATE TABLE llm (
    run_id VARCHAR NOT NULL,
    backend VARCHAR, model VARCHAR, requested VARCHAR, reason VARCHAR, error VARCHAR,
    calls INTEGER, tokens_per_s DOUBLE, ttft_ms DOUBLE, total_ms DOUBLE,
    prompt_eval_ms DOUBLE, eval_ms DOUBLE, load_ms DOUBLE, eval_tokens DOUBLE,
    prompt_tokens DOUBLE, sections_by_llm INTEGER, sections_fallback INTEGER
);
CREATE TABLE grounding (
    run_id VARCHAR NOT NULL,
    numbers INTEGER, supported INTEGER, removed_count INTEGER,
    removed VARCHAR,                  -- JSON: the removed sentences, with number and why
    policy VARCHAR
);
"""

_V2 = """
CREATE TABLE artifact_env (
    run_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,          -- the artifact, as in metrics.source
    key VARCHAR NOT NULL,             -- gpu, gpu_count, cpu, machine, gpu_driver, cuda ...
    value VARCHAR,
    hardware BOOLEAN                  -- decides comparability in benchnb compare
);
ALTER TABLE runs ADD COLUMN fingerprint VARCHAR;
"""

_V3 = """
CREATE TABLE batch_runs (
    batch_id VARCHAR NOT NULL,        -- one per start of benchnb batch
    name VARCHAR NOT NULL,            -- the run's name, its folder under DIR/runs/
    run_id VARCHAR,                   -- runs.run_id; NULL if the run failed before it began
    status VARCHAR NOT NULL,          -- complete | failed | skipped (complete earlier)
    reason VARCHAR,
    exit_code INTEGER,
    seconds DOUBLE,
    started_at TIMESTAMP,             -- UTC
    finished_at TIMESTAMP,
    out_dir VARCHAR,
    source VARCHAR,                   -- the parameter file, entry and matrix values
    host VARCHAR                      -- where it ran (a Dask worker's address)
);
"""

#: Migration n (1-based) takes a database from version n - 1 to version n.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES: tuple[str, ...] = (
    "meta",
    "runs",
    "inventory",
    "metrics",
    "facts",
    "llm",
    "grounding",
    "artifact_env",
    "batch_runs",
)


def version(con: Any) -> int:
    """The schema version of an open database: 0 when it is empty."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()[0]
    if not has_meta:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: Any, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to ``target`` (default: the current version), one migration per
    transaction; returns the version it had. A database newer than this benchnb is
    refused (ValueError): its tables may mean things this version does not know."""
    found = version(con)
    if found > SCHEMA_VERSION:
        raise ValueError(
            f"the store has schema version {found}; this benchnb knows up to "
            f"{SCHEMA_VERSION} (upgrade benchnb)"
        )
    for n in range(found + 1, target + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in _statements(MIGRATIONS[n - 1]):
                con.execute(statement)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(n)])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return found


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
