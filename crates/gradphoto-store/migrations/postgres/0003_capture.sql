-- Capture (PostgreSQL dialect of the SQLite migration of the same number): every image a
-- station received (a frame), the verdict of the judging engine on it, and the photos accepted
-- for students.

-- A frame is bound to the ticket its station had called when it arrived (ticket_id), or is an
-- orphan (ticket_id NULL, state 'orphan') until an operator binds or discards it. The original
-- and its renditions live in the blob store under the keys kept here.
CREATE TABLE frames (
    id BIGSERIAL PRIMARY KEY,
    station_id BIGINT NOT NULL REFERENCES stations(id),
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    thumb_key TEXT NOT NULL,
    preview_key TEXT NOT NULL,
    original_name TEXT,
    bytes BIGINT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    ticket_id BIGINT REFERENCES tickets(id),
    student_id BIGINT REFERENCES students(id),
    state TEXT NOT NULL,
    arrived_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_reason TEXT
);
-- The same bytes are bound to a ticket once, and wait in a station's tray once.
CREATE UNIQUE INDEX frames_once_per_ticket ON frames (ticket_id, sha256) WHERE ticket_id IS NOT NULL;
CREATE UNIQUE INDEX frames_once_in_tray ON frames (station_id, sha256) WHERE state = 'orphan';
CREATE INDEX frames_student ON frames (student_id);
CREATE INDEX frames_state ON frames (state, station_id);

-- The judging engine's verdict: recomputable, never edited by hand.
CREATE TABLE verdicts (
    frame_id BIGINT NOT NULL REFERENCES frames(id),
    pack TEXT NOT NULL,
    overall TEXT NOT NULL,
    reason_zh TEXT NOT NULL,
    reason_en TEXT NOT NULL,
    detail_json TEXT NOT NULL,
    judged_at BIGINT NOT NULL,
    PRIMARY KEY (frame_id, pack)
);

-- Accepted frames as students' photos; exactly one current (not superseded) per student.
CREATE TABLE photos (
    id BIGSERIAL PRIMARY KEY,
    student_id BIGINT NOT NULL REFERENCES students(id),
    frame_id BIGINT NOT NULL REFERENCES frames(id),
    accepted_by BIGINT REFERENCES users(id),
    accepted_by_label TEXT NOT NULL,
    accepted_at BIGINT NOT NULL,
    superseded_at BIGINT,
    superseded_reason TEXT
);
CREATE UNIQUE INDEX photos_current ON photos (student_id) WHERE superseded_at IS NULL;
CREATE INDEX photos_student ON photos (student_id);
