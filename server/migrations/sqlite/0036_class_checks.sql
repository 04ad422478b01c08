-- A class's "I can" answers: at the end of a lesson on the whiteboard, the class answers each of
-- the lesson's outcomes together (thumbs up, wobbly, not yet). One answer for the class, never a
-- pupil's; rows are only added, and a later answer to the same outcome is a new row (the latest
-- one counts). The id is the tablet's idempotency key, so an answer sent twice is stored once.
CREATE TABLE class_checks (
    id             TEXT    PRIMARY KEY,
    device_id      INTEGER NOT NULL REFERENCES devices(id),
    class_label    TEXT    NOT NULL,
    lesson_id      TEXT    NOT NULL,
    outcome        INTEGER NOT NULL CHECK (outcome >= 0),
    answer         TEXT    NOT NULL CHECK (answer IN ('thumbs_up', 'wobbly', 'not_yet')),
    answered_at_ms INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL
);
CREATE INDEX class_checks_by_class ON class_checks (class_label COLLATE NOCASE, lesson_id, outcome);
CREATE TRIGGER class_checks_no_update BEFORE UPDATE ON class_checks
BEGIN SELECT RAISE(ABORT, 'class checks are only added to'); END;
CREATE TRIGGER class_checks_no_delete BEFORE DELETE ON class_checks
BEGIN SELECT RAISE(ABORT, 'class checks are only added to'); END;
