-- Jobs (PostgreSQL dialect of the SQLite migration of the same number): long work (batch
-- judging, export packages, print sheets) as jobs that worker processes claim, and leases that
-- let one process at a time do something (watch a station's hot folder).

-- A job waits 'queued' until a worker claims it: 'running', claimed_by the worker's id, which
-- proves it is alive by moving heartbeat_at. A running job whose heartbeat is older than the
-- claimers' limit belongs to a dead worker and is claimed again (attempts counts the claims).
-- It ends 'done' with its result, or 'failed' with its error. params and result are JSON.
CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    progress_done BIGINT NOT NULL DEFAULT 0,
    progress_total BIGINT,
    progress_note TEXT,
    result TEXT,
    error TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    claimed_by TEXT,
    heartbeat_at BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT
);
-- What a claim scans, oldest first: only the jobs not yet finished, however many finished ones
-- pile up. The claim repeats this index's condition word for word, which SQLite needs to use it.
CREATE INDEX jobs_open ON jobs (id) WHERE state IN ('queued', 'running');

-- A named right held by one process until expires_at (exclusive); its holder renews it before
-- then, and anyone may take it over after.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
