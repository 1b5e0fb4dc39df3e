-- Review (SQLite): what staff do about the problems in the review queue, and how students
-- sign in. A retake requested for a student is fulfilled by the priority ticket of their next
-- check-in (ticket_id); at most one waits at a time. Replies are what staff tell a student on
-- their page. An operator's override of a frame's verdict stands beside the verdict, which is
-- never edited. The student sign-in method is the campaign's (no row: the proof code).

CREATE TABLE retake_requests (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    reason TEXT NOT NULL,
    by_user_id INTEGER REFERENCES users(id),
    by_label TEXT NOT NULL,
    at INTEGER NOT NULL,
    ticket_id INTEGER REFERENCES tickets(id)
);
CREATE UNIQUE INDEX retake_requests_open ON retake_requests (student_id) WHERE ticket_id IS NULL;
CREATE INDEX retake_requests_student ON retake_requests (student_id, id);

CREATE TABLE replies (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    body TEXT NOT NULL,
    by_user_id INTEGER REFERENCES users(id),
    by_label TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX replies_student ON replies (student_id, id);

CREATE TABLE verdict_overrides (
    id INTEGER PRIMARY KEY,
    frame_id INTEGER NOT NULL REFERENCES frames(id),
    reason TEXT NOT NULL,
    by_user_id INTEGER REFERENCES users(id),
    by_label TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX verdict_overrides_frame ON verdict_overrides (frame_id, id);

CREATE TABLE student_sign_in (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
    method TEXT NOT NULL CHECK (method IN ('proof_code', 'id_and_birth'))
);
