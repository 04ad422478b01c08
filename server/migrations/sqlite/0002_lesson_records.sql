-- Lessons done: a pupil finished one on a tablet, or a teacher taught one to a class. The id is
-- the tablet's idempotency key, so a record that arrives twice is stored once. No pupil names:
-- the register is kept by class.
CREATE TABLE lesson_records (
    id              TEXT    PRIMARY KEY,
    device_id       INTEGER NOT NULL REFERENCES devices(id),
    lesson_id       TEXT    NOT NULL,
    band            TEXT    NOT NULL,
    class_label     TEXT,
    by              TEXT    NOT NULL CHECK (by IN ('pupil', 'teacher')),
    completed_at_ms INTEGER NOT NULL,
    received_at_ms  INTEGER NOT NULL
);
CREATE INDEX lesson_records_by_class ON lesson_records (class_label COLLATE NOCASE, lesson_id);
