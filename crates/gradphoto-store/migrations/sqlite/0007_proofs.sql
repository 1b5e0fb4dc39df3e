-- Proofreading (SQLite): the campaign's proof window, and every answer a student gave, the
-- newest being the current one. An answer names the photo it was given on; a dispute's issues
-- are JSON ([{kind, field, proposed, comment}]). A locked answer ends the student's changes.

CREATE TABLE proof_windows (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL
);

CREATE TABLE proofs (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    state TEXT NOT NULL CHECK (state IN ('confirmed', 'disputed')),
    locked INTEGER NOT NULL DEFAULT 0,
    photo_id INTEGER REFERENCES photos(id),
    issues TEXT NOT NULL,
    by_user_id INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX proofs_student ON proofs (student_id, id);
