-- The fee ledger (SQLite): payments, exemptions and corrections per class, append-only, so that
-- every balance is a sum of entries and nothing recorded is changed. Amounts are integer fen;
-- a correction points at the entry it changes and carries the change. The deadline by which
-- the classes pay is one row per campaign.

CREATE TABLE fee_entries (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    class_id INTEGER NOT NULL REFERENCES classes(id),
    student_id INTEGER REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'exemption', 'correction')),
    amount_fen INTEGER NOT NULL,
    paid_on TEXT,
    paid_by TEXT NOT NULL,
    received_by TEXT NOT NULL,
    method TEXT,
    note TEXT NOT NULL,
    corrects_id INTEGER REFERENCES fee_entries(id),
    by_user_id INTEGER REFERENCES users(id),
    by_label TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX fee_entries_campaign ON fee_entries (campaign_id, class_id, id);

CREATE TABLE fee_deadlines (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
    deadline TEXT NOT NULL
);
