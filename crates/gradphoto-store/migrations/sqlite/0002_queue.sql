-- The venue and its queue: venues, capture stations, desk devices, credentials bound to
-- students (学信网 collection codes), and tickets with their per-venue, per-day sequence
-- numbers. The PostgreSQL folder holds the same schema in its dialect.

CREATE TABLE venues (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    name TEXT NOT NULL,
    UNIQUE (campaign_id, name)
);

CREATE TABLE stations (
    id INTEGER PRIMARY KEY,
    venue_id INTEGER NOT NULL REFERENCES venues(id),
    name TEXT NOT NULL,
    UNIQUE (venue_id, name)
);

-- Card readers and scanners that post check-ins on their own; the token is kept as SHA-256.
CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    venue_id INTEGER NOT NULL REFERENCES venues(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- Credentials that are not roster fields: a collection code is bound to a student the first
-- time it is seen. The code itself is opaque and kept only as SHA-256.
CREATE TABLE credentials (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL,
    value_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (campaign_id, kind, value_hash)
);

-- The last sequence number issued at a venue on a day. Incremented in the transaction that
-- creates the ticket, so numbers have no gaps and no duplicates.
CREATE TABLE ticket_counters (
    venue_id INTEGER NOT NULL REFERENCES venues(id),
    day TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (venue_id, day)
);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    venue_id INTEGER NOT NULL REFERENCES venues(id),
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    student_id INTEGER NOT NULL REFERENCES students(id),
    credential TEXT NOT NULL,
    state TEXT NOT NULL,
    station_id INTEGER REFERENCES stations(id),
    priority INTEGER NOT NULL DEFAULT 0,
    proof_hash TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    called_at INTEGER,
    finished_at INTEGER,
    void_reason TEXT,
    UNIQUE (venue_id, day, seq)
);
-- One live ticket per student per day.
CREATE UNIQUE INDEX tickets_live ON tickets (student_id, day) WHERE state <> 'void';
CREATE INDEX tickets_queue ON tickets (venue_id, day, state, priority, seq);
CREATE INDEX tickets_station ON tickets (station_id, state);

-- The photo the card reader took from the ID card's chip, kept with the ticket.
CREATE TABLE chip_photos (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    mime TEXT NOT NULL,
    image BLOB NOT NULL
);
