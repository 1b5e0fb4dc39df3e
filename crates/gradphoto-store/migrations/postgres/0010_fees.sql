-- The fee ledger (PostgreSQL dialect of the SQLite migration of the same number): payments,
-- exemptions and corrections per class, append-only, so that every balance is a sum of entries
-- and nothing recorded is changed. Amounts are integer fen; a correction points at the entry
-- it changes and carries the change. The deadline by which the classes pay is one row per
-- campaign.

CREATE TABLE fee_entries (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    class_id BIGINT NOT NULL REFERENCES classes(id),
    student_id BIGINT REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'exemption', 'correction')),
    amount_fen BIGINT NOT NULL,
    paid_on TEXT,
    paid_by TEXT NOT NULL,
    received_by TEXT NOT NULL,
    method TEXT,
    note TEXT NOT NULL,
    corrects_id BIGINT REFERENCES fee_entries(id),
    by_user_id BIGINT REFERENCES users(id),
    by_label TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX fee_entries_campaign ON fee_entries (campaign_id, class_id, id);

CREATE TABLE fee_deadlines (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaigns(id),
    deadline TEXT NOT NULL
);
