-- Parents' concerns (issue 6) go to the DSL's inbox with the same triage, chronology, audit and
-- urgent alerts as pupil reports, so they are rows of `reports`: `source` says whose words the
-- payload holds ('pupil': a kiosk `Report`; 'parent': a `ParentConcern` from /parents), and
-- `device_id` becomes optional because a parent's concern comes from no tablet.
--
-- SQLite can't drop NOT NULL in place, so the table is rebuilt. sqlx runs every SQLite migration
-- inside a transaction, where foreign keys can't be switched off; instead their checks are
-- deferred to the commit: the rows are copied aside, the table is dropped and made again under
-- its own name (so `report_events` still points at it) and the rows are put back. The commit
-- fails, and nothing changes, if any chronology entry were left without its report.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE reports_copy AS SELECT * FROM reports;
DROP TABLE reports;
CREATE TABLE reports (
    id             TEXT    PRIMARY KEY,
    source         TEXT    NOT NULL DEFAULT 'pupil' CHECK (source IN ('pupil', 'parent')),
    device_id      INTEGER REFERENCES devices(id),
    received_at_ms INTEGER NOT NULL,
    urgent         INTEGER NOT NULL,
    what           TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'new',
    payload        TEXT    NOT NULL,
    category       TEXT,
    outcome        TEXT,
    updated_at_ms  INTEGER,
    alerted_at_ms  INTEGER,
    -- A pupil's report always comes from a tablet; a parent's concern never does.
    CHECK ((source = 'pupil') = (device_id IS NOT NULL))
);
INSERT INTO reports (id, source, device_id, received_at_ms, urgent, what, status, payload,
                     category, outcome, updated_at_ms, alerted_at_ms)
SELECT id, 'pupil', device_id, received_at_ms, urgent, what, status, payload,
       category, outcome, updated_at_ms, alerted_at_ms
FROM reports_copy;
DROP TABLE reports_copy;
CREATE INDEX reports_inbox ON reports (status, urgent DESC, received_at_ms DESC);
CREATE INDEX reports_to_alert ON reports (urgent, alerted_at_ms);
