-- A guided procedure a DSL follows on a record (e.g. nudes and semi-nudes shared by children):
-- started once per record, then each step recorded with who and when. The steps and their
-- questions are a table in the code, so a procedure added later needs no new tables.
CREATE TABLE report_procedures (
    report_id     TEXT    NOT NULL REFERENCES reports(id),
    kind          TEXT    NOT NULL,
    started_by    INTEGER NOT NULL REFERENCES staff(id),
    started_at_ms INTEGER NOT NULL,
    PRIMARY KEY (report_id, kind)
);

-- Each recording of a step: its answers as a JSON object of field to value. Append-only, like
-- the chronology: a step recorded again is a new row (the newest counts) and the old one stays.
CREATE TABLE procedure_steps (
    id             INTEGER PRIMARY KEY,
    report_id      TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    step           TEXT    NOT NULL,
    answers        TEXT    NOT NULL,
    recorded_by    INTEGER NOT NULL REFERENCES staff(id),
    recorded_at_ms INTEGER NOT NULL,
    FOREIGN KEY (report_id, kind) REFERENCES report_procedures(report_id, kind)
);
CREATE INDEX procedure_steps_by_report ON procedure_steps (report_id, kind, step, id);

CREATE TRIGGER procedure_steps_unchanged BEFORE UPDATE ON procedure_steps
BEGIN SELECT RAISE(ABORT, 'a recorded step is never rewritten'); END;
