-- Staff accounts, their sessions, the DSL's triage of reports, kiosk enrolment codes, and the
-- append-only audit trail.

-- Roles: 'dsl' (DSL and deputies: read and triage reports, read the audit log), 'teacher'
-- (no report access), 'admin' (accounts, devices, school profile; no report access).
CREATE TABLE staff (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name                TEXT    NOT NULL,
    role                TEXT    NOT NULL CHECK (role IN ('dsl', 'teacher', 'admin')),
    password_hash       TEXT    NOT NULL,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until_ms     INTEGER,
    created_at_ms       INTEGER NOT NULL,
    disabled_at_ms      INTEGER
);

-- The cookie holds a random id; only its SHA-256 is stored. Several server processes can share
-- this table, so nothing about a session lives in memory.
CREATE TABLE staff_sessions (
    id_sha256      BLOB    PRIMARY KEY,
    staff_id       INTEGER NOT NULL REFERENCES staff(id),
    csrf_token     TEXT    NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    last_seen_ms   INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

-- Triage: category, outcome, and when the report last changed.
ALTER TABLE reports ADD COLUMN category TEXT;
ALTER TABLE reports ADD COLUMN outcome TEXT;
ALTER TABLE reports ADD COLUMN updated_at_ms INTEGER;

-- The chronology of a report: actions and decisions, status changes, closing. Who and when are
-- recorded by the server.
CREATE TABLE report_events (
    id          INTEGER PRIMARY KEY,
    report_id   TEXT    NOT NULL REFERENCES reports(id),
    at_ms       INTEGER NOT NULL,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    staff_name  TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    action_type TEXT,
    detail      TEXT    NOT NULL
);
CREATE INDEX report_events_by_report ON report_events (report_id, at_ms);
CREATE TRIGGER report_events_no_update BEFORE UPDATE ON report_events
BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END;
CREATE TRIGGER report_events_no_delete BEFORE DELETE ON report_events
BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END;

-- One-time codes an admin gives a teacher to enrol a tablet. Only the hash is stored.
CREATE TABLE enrolment_codes (
    code_sha256    BLOB    PRIMARY KEY,
    created_by     INTEGER NOT NULL REFERENCES staff(id),
    created_at_ms  INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    used_at_ms     INTEGER,
    device_id      INTEGER REFERENCES devices(id)
);

-- Every view and change by staff. No code path updates or deletes a row, and the database
-- refuses to.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    staff_id    INTEGER,
    staff_email TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    report_id   TEXT,
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at_ms DESC);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
