-- Exports (PostgreSQL dialect of the SQLite migration of the same number): each registry
-- package made, with what it was made of. A batch is the zip (content-addressed in the blob
-- store) and its items are the students it holds, each with the photo and a digest of the
-- data written for them, so that a later batch can hold only the students changed since a
-- named earlier one. Never edited.

CREATE TABLE export_batches (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    job_id BIGINT REFERENCES jobs(id),
    profile TEXT NOT NULL,
    selection TEXT NOT NULL,
    since_batch_id BIGINT REFERENCES export_batches(id),
    students BIGINT NOT NULL,
    left_out BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    blob_key TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    by_user_id BIGINT REFERENCES users(id),
    by_label TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX export_batches_campaign ON export_batches (campaign_id, id);

CREATE TABLE export_items (
    batch_id BIGINT NOT NULL REFERENCES export_batches(id),
    student_id BIGINT NOT NULL REFERENCES students(id),
    photo_id BIGINT NOT NULL REFERENCES photos(id),
    data_sha256 TEXT NOT NULL,
    entry TEXT NOT NULL,
    PRIMARY KEY (batch_id, student_id)
);
