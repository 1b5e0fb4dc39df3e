-- Campaign, roster, accounts and the audit log (PostgreSQL dialect of the SQLite migration of the
-- same number). Times are milliseconds since the Unix epoch (UTC); dates are ISO text.

CREATE TABLE campaigns (
    id BIGSERIAL PRIMARY KEY,
    cohort BIGINT NOT NULL,
    title TEXT NOT NULL,
    fee_fen BIGINT NOT NULL,
    prints_per_student BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE colleges (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    name TEXT NOT NULL,
    UNIQUE (campaign_id, name)
);

CREATE TABLE classes (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    code TEXT NOT NULL,
    college_id BIGINT REFERENCES colleges(id),
    UNIQUE (campaign_id, code)
);

CREATE TABLE students (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    class_id BIGINT NOT NULL REFERENCES classes(id),
    student_no TEXT NOT NULL,
    name TEXT NOT NULL,
    sex TEXT,
    ethnicity TEXT,
    birth_date TEXT,
    id_number TEXT,
    exam_no TEXT,
    major_code TEXT,
    major_name TEXT,
    level TEXT,
    duration TEXT,
    study_mode TEXT,
    enrolment_date TEXT,
    graduation_date TEXT,
    school_code TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (campaign_id, student_no),
    UNIQUE (campaign_id, id_number)
);
CREATE INDEX students_class ON students (class_id);
CREATE INDEX students_name ON students (campaign_id, name);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    student_id BIGINT REFERENCES students(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE user_colleges (
    user_id BIGINT NOT NULL REFERENCES users(id),
    college_id BIGINT NOT NULL REFERENCES colleges(id),
    PRIMARY KEY (user_id, college_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE audit_events (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_user_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    request_id TEXT
);
CREATE INDEX audit_events_subject ON audit_events (subject);
