-- The school's answer settings: how many days an answer to an anonymous child can be seen (and
-- its picture code finds it), and whether a second DSL must check each answer before the child
-- can see it. Whether an answer needed that check is kept on the answer itself, as the setting
-- was when it was written, so turning the setting off later never shows an unchecked answer.
ALTER TABLE school_settings ADD COLUMN answer_days INTEGER NOT NULL DEFAULT 14;
ALTER TABLE school_settings ADD COLUMN answer_needs_check INTEGER NOT NULL DEFAULT 0;
ALTER TABLE child_answers ADD COLUMN needs_check INTEGER NOT NULL DEFAULT 0;
-- A second DSL's check of one answer: approved, or sent back with the reason (the first DSL then
-- writes another answer). One check per answer, never changed; deleted only with its record.
CREATE TABLE child_answer_checks (
    id            INTEGER PRIMARY KEY,
    answer_id     INTEGER NOT NULL UNIQUE REFERENCES child_answers(id),
    report_id     TEXT    NOT NULL REFERENCES reports(id),
    event_id      INTEGER NOT NULL REFERENCES report_events(id),
    approved      INTEGER NOT NULL,
    reason        TEXT,
    checked_by    INTEGER NOT NULL REFERENCES staff(id),
    checked_at_ms INTEGER NOT NULL
);
CREATE INDEX child_answer_checks_by_report ON child_answer_checks (report_id);
CREATE TRIGGER child_answer_checks_no_update BEFORE UPDATE ON child_answer_checks
BEGIN SELECT RAISE(ABORT, 'checks of answers to a child are only added to'); END;
CREATE TRIGGER child_answer_checks_no_delete BEFORE DELETE ON child_answer_checks
WHEN NOT EXISTS (SELECT 1 FROM retention_purges WHERE report_id = OLD.report_id)
BEGIN SELECT RAISE(ABORT, 'checks of answers to a child are only added to'); END;
