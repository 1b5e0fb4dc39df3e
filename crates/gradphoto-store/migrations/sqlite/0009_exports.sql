-- Exports (SQLite): each registry package made, with what it was made of. A batch is the zip
-- (content-addressed in the blob store) and its items are the students it holds, each with
-- the photo and a digest of the data written for them, so that a later batch can hold only
-- the students changed since a named earlier one. Never edited.

CREATE TABLE export_batches (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    job_id INTEGER REFERENCES jobs(id),
    profile TEXT NOT NULL,
    selection TEXT NOT NULL,
    since_batch_id INTEGER REFERENCES export_batches(id),
    students INTEGER NOT NULL,
    left_out INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    blob_key TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    by_user_id INTEGER REFERENCES users(id),
    by_label TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX export_batches_campaign ON export_batches (campaign_id, id);

CREATE TABLE export_items (
    batch_id INTEGER NOT NULL REFERENCES export_batches(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    photo_id INTEGER NOT NULL REFERENCES photos(id),
    data_sha256 TEXT NOT NULL,
    entry TEXT NOT NULL,
    PRIMARY KEY (batch_id, student_id)
);
