-- The school's online-safety record: any adult logs a concern, each child has a chronology.
--
-- A 'staff' role for everyone who isn't a teacher, DSL, admin or governor (teaching assistants,
-- office, lunchtime and club staff, volunteers): signs their AUP and logs concerns, nothing else.
-- SQLite can't change a CHECK in place, so `staff` is rebuilt as sqlite/0011 rebuilt it: foreign
-- keys are checked at the commit, which fails (and nothing changes) if any row points nowhere.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE staff_copy AS SELECT * FROM staff;
DROP TABLE staff;
CREATE TABLE staff (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name                TEXT    NOT NULL,
    role                TEXT    NOT NULL
                        CHECK (role IN ('dsl', 'teacher', 'admin', 'governor', 'trust', 'staff')),
    password_hash       TEXT    NOT NULL,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until_ms     INTEGER,
    created_at_ms       INTEGER NOT NULL,
    disabled_at_ms      INTEGER,
    totp_secret         TEXT,
    totp_enabled_at_ms  INTEGER,
    totp_last_step      INTEGER,
    agreement           TEXT    NOT NULL DEFAULT 'staff'
                        CHECK (agreement IN ('staff', 'volunteer', 'governor'))
);
INSERT INTO staff SELECT * FROM staff_copy;
DROP TABLE staff_copy;

-- `reports` holds everything that reaches the DSL: a pupil's report ('pupil', from a tablet), a
-- parent's concern ('parent') and now a concern an adult in school wrote ('staff'), whose
-- `written_by` names the writer. `received_at_ms` is when it was written or arrived;
-- `happened_at_ms` is when the writer says it happened (back-dated concerns keep both times).
-- Closing records the decision's reason and, when nobody was referred to, why not.
CREATE TEMP TABLE reports_copy AS SELECT * FROM reports;
DROP TABLE reports;
CREATE TABLE reports (
    id                  TEXT    PRIMARY KEY,
    source              TEXT    NOT NULL DEFAULT 'pupil'
                        CHECK (source IN ('pupil', 'parent', 'staff')),
    device_id           INTEGER REFERENCES devices(id),
    received_at_ms      INTEGER NOT NULL,
    urgent              INTEGER NOT NULL,
    what                TEXT    NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'new',
    payload             TEXT    NOT NULL,
    category            TEXT,
    outcome             TEXT,
    updated_at_ms       INTEGER,
    alerted_at_ms       INTEGER,
    written_by          INTEGER REFERENCES staff(id),
    happened_at_ms      INTEGER,
    outcome_reason      TEXT,
    not_referred_reason TEXT,
    -- A pupil's report always comes from a tablet; nothing else does.
    CHECK ((source = 'pupil') = (device_id IS NOT NULL)),
    -- A staff concern always names its writer; nothing else does.
    CHECK ((source = 'staff') = (written_by IS NOT NULL))
);
INSERT INTO reports (id, source, device_id, received_at_ms, urgent, what, status, payload,
                     category, outcome, updated_at_ms, alerted_at_ms)
SELECT id, source, device_id, received_at_ms, urgent, what, status, payload,
       category, outcome, updated_at_ms, alerted_at_ms
FROM reports_copy;
DROP TABLE reports_copy;
CREATE INDEX reports_inbox ON reports (status, urgent DESC, received_at_ms DESC);
CREATE INDEX reports_to_alert ON reports (urgent, alerted_at_ms);
CREATE INDEX reports_by_source ON reports (source, received_at_ms DESC);

-- What a safeguarding record needs about a pupil and the kiosk never shows. All optional: a
-- school may import only first names and initials. Dates are ISO `YYYY-MM-DD`.
ALTER TABLE pupils ADD COLUMN last_name     TEXT;
ALTER TABLE pupils ADD COLUMN date_of_birth TEXT;
ALTER TABLE pupils ADD COLUMN year_group    TEXT
    CHECK (year_group IN ('nursery', 'reception', 'y1', 'y2', 'y3', 'y4', 'y5', 'y6'));
ALTER TABLE pupils ADD COLUMN upn           TEXT;
ALTER TABLE pupils ADD COLUMN admitted_on   TEXT;
ALTER TABLE pupils ADD COLUMN leaving_on    TEXT;

-- The children a record is about, each with their part in it. A staff concern names them when
-- it is written (`reason` NULL); a DSL links a pupil's or parent's report later, with a reason
-- (an anonymous report stays anonymous until then). A record about several children appears in
-- each one's chronology.
CREATE TABLE report_pupils (
    report_id    TEXT    NOT NULL REFERENCES reports(id),
    pupil_id     INTEGER NOT NULL REFERENCES pupils(id),
    involvement  TEXT    NOT NULL CHECK (involvement IN ('affected', 'involved', 'witness')),
    linked_at_ms INTEGER NOT NULL,
    linked_by    INTEGER NOT NULL REFERENCES staff(id),
    reason       TEXT,
    PRIMARY KEY (report_id, pupil_id)
);
CREATE INDEX report_pupils_by_pupil ON report_pupils (pupil_id);

-- Who of the DSLs has read a record, and first when (each DSL's own acknowledgement).
CREATE TABLE report_reads (
    report_id        TEXT    NOT NULL REFERENCES reports(id),
    staff_id         INTEGER NOT NULL REFERENCES staff(id),
    first_read_at_ms INTEGER NOT NULL,
    PRIMARY KEY (report_id, staff_id)
);

-- The chronology stays append-only. An action may have an owner and a due date; completing an
-- action, or correcting an entry, is a new entry whose `refers_to` names the one it completes or
-- corrects (a correction with no `refers_to` corrects the record's original text).
ALTER TABLE report_events ADD COLUMN owner_id  INTEGER REFERENCES staff(id);
ALTER TABLE report_events ADD COLUMN due_on    TEXT;
ALTER TABLE report_events ADD COLUMN refers_to INTEGER REFERENCES report_events(id);

-- Referrals made about a record. The result usually comes later: it is filled in once.
CREATE TABLE referrals (
    id             INTEGER PRIMARY KEY,
    report_id      TEXT    NOT NULL REFERENCES reports(id),
    agency         TEXT    NOT NULL
                   CHECK (agency IN ('social_care', 'police', 'ceop', 'early_help', 'lado',
                                     'prevent', 'other')),
    agency_detail  TEXT,
    referred_on    TEXT    NOT NULL,
    reference      TEXT,
    result         TEXT,
    recorded_by    INTEGER NOT NULL REFERENCES staff(id),
    recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX referrals_by_report ON referrals (report_id);

-- Whether a child's parents were told about a record: who, how and when, or why not (telling
-- them would put the child at risk).
CREATE TABLE parents_informed (
    id             INTEGER PRIMARY KEY,
    report_id      TEXT    NOT NULL REFERENCES reports(id),
    pupil_id       INTEGER REFERENCES pupils(id),
    informed       INTEGER NOT NULL,
    who            TEXT,
    how            TEXT,
    informed_on    TEXT,
    why_not        TEXT,
    recorded_by    INTEGER NOT NULL REFERENCES staff(id),
    recorded_at_ms INTEGER NOT NULL,
    CHECK ((informed = 1 AND who IS NOT NULL AND how IS NOT NULL AND informed_on IS NOT NULL)
        OR (informed = 0 AND why_not IS NOT NULL))
);
CREATE INDEX parents_informed_by_report ON parents_informed (report_id);

-- A record's original words are never rewritten: corrections are added to its chronology.
CREATE TRIGGER reports_words_unchanged BEFORE UPDATE OF payload, what, received_at_ms,
    happened_at_ms, written_by, source ON reports
WHEN NEW.payload IS NOT OLD.payload OR NEW.what IS NOT OLD.what
  OR NEW.received_at_ms IS NOT OLD.received_at_ms OR NEW.happened_at_ms IS NOT OLD.happened_at_ms
  OR NEW.written_by IS NOT OLD.written_by OR NEW.source IS NOT OLD.source
BEGIN SELECT RAISE(ABORT, 'a record''s original words are never rewritten'); END;
