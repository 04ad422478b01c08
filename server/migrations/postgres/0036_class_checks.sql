-- A class's "I can" answers: at the end of a lesson on the whiteboard, the class answers each of
-- the lesson's outcomes together (thumbs up, wobbly, not yet). One answer for the class, never a
-- pupil's; rows are only added, and a later answer to the same outcome is a new row (the latest
-- one counts). The id is the tablet's idempotency key, so an answer sent twice is stored once.
CREATE TABLE class_checks (
    id             TEXT    PRIMARY KEY,
    device_id      BIGINT  NOT NULL REFERENCES devices(id),
    class_label    TEXT    NOT NULL,
    lesson_id      TEXT    NOT NULL,
    outcome        BIGINT  NOT NULL CHECK (outcome >= 0),
    answer         TEXT    NOT NULL CHECK (answer IN ('thumbs_up', 'wobbly', 'not_yet')),
    answered_at_ms BIGINT  NOT NULL,
    received_at_ms BIGINT  NOT NULL
);
CREATE INDEX class_checks_by_class ON class_checks (lower(class_label), lesson_id, outcome);
CREATE FUNCTION kite_class_checks_only_added() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'class checks are only added to'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER class_checks_no_change BEFORE UPDATE OR DELETE ON class_checks
FOR EACH ROW EXECUTE FUNCTION kite_class_checks_only_added();
