-- Sign-in protection and the students' way in (SQLite): every failed sign-in, counted under
-- the account tried and the address it came from (`account:<login>`, `address:<ip>`), kept
-- only as long as a lock can last; and an index to find a student's tickets, whose proof codes
-- let them sign in.

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE INDEX tickets_student ON tickets (student_id);
