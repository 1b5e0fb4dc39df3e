-- The shooting timetable (PostgreSQL dialect of the SQLite migration of the same number): the campaign's shooting days and check-in
-- policy, the working timetable (slots at a venue, each class in at most one slot, pinned or
-- not), and published versions, which are copies never edited: the desk and the college leads
-- read the latest one. Dates are ISO text, times of day minutes after local midnight.

CREATE TABLE campaign_days (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    day TEXT NOT NULL,
    PRIMARY KEY (campaign_id, day)
);

CREATE TABLE timetable_policies (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaigns(id),
    arrive_early_min BIGINT NOT NULL,
    early_tolerance_min BIGINT NOT NULL,
    late_tolerance_min BIGINT NOT NULL,
    outside TEXT NOT NULL
);

CREATE TABLE slots (
    id BIGSERIAL PRIMARY KEY,
    venue_id BIGINT NOT NULL REFERENCES venues(id),
    day TEXT NOT NULL,
    start_min BIGINT NOT NULL,
    end_min BIGINT NOT NULL,
    UNIQUE (venue_id, day, start_min)
);

CREATE TABLE class_slots (
    class_id BIGINT PRIMARY KEY REFERENCES classes(id),
    slot_id BIGINT NOT NULL REFERENCES slots(id),
    pinned BIGINT NOT NULL DEFAULT 0,
    -- The order classes were placed in, which the timetable keeps when it lists a slot.
    place_order BIGINT NOT NULL
);
CREATE INDEX class_slots_slot ON class_slots (slot_id);

CREATE TABLE timetable_versions (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    number BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by TEXT NOT NULL,
    UNIQUE (campaign_id, number)
);

CREATE TABLE version_slots (
    version_id BIGINT NOT NULL REFERENCES timetable_versions(id),
    slot_no BIGINT NOT NULL,
    venue_id BIGINT NOT NULL REFERENCES venues(id),
    venue_name TEXT NOT NULL,
    day TEXT NOT NULL,
    start_min BIGINT NOT NULL,
    end_min BIGINT NOT NULL,
    PRIMARY KEY (version_id, slot_no)
);

CREATE TABLE version_classes (
    version_id BIGINT NOT NULL REFERENCES timetable_versions(id),
    class_id BIGINT NOT NULL REFERENCES classes(id),
    class_code TEXT NOT NULL,
    college_name TEXT,
    slot_no BIGINT NOT NULL,
    PRIMARY KEY (version_id, class_id)
);
