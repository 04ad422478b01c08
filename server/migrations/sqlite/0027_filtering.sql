-- The head teacher flag: only an account with it authorises a change to the filter. A school
-- with co-heads flags each of them. NULL: not the head.
ALTER TABLE staff ADD COLUMN head_since_ms INTEGER;

-- Filtering and monitoring, as the DfE standard asks a school to evidence it. Every table here
-- only grows: a new name for a role, a decision, a check or a review is a new row, never an edit.

-- Who is responsible: the newest row for a role is the person named now.
CREATE TABLE filtering_roles (
    id        INTEGER PRIMARY KEY,
    role      TEXT    NOT NULL CHECK (role IN ('senior_leader', 'governor', 'dsl', 'it_provider')),
    name      TEXT    NOT NULL,
    staff_id  INTEGER REFERENCES staff(id),
    set_by    INTEGER NOT NULL REFERENCES staff(id),
    set_at_ms INTEGER NOT NULL
);

-- A change to the filter someone asked for, with why.
CREATE TABLE filter_changes (
    id          INTEGER PRIMARY KEY,
    action      TEXT    NOT NULL CHECK (action IN ('block', 'allow')),
    site        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    asked_by    INTEGER NOT NULL REFERENCES staff(id),
    asked_at_ms INTEGER NOT NULL
);

-- What happened to it: the head's decision (authorised or refused), then the day the filter was
-- changed. One of each at most; the server records `done` only after an authorisation.
CREATE TABLE filter_change_steps (
    id         INTEGER PRIMARY KEY,
    change_id  INTEGER NOT NULL REFERENCES filter_changes(id),
    step       TEXT    NOT NULL CHECK (step IN ('decision', 'done')),
    authorised INTEGER,
    done_on    TEXT,
    note       TEXT    NOT NULL,
    by_staff   INTEGER NOT NULL REFERENCES staff(id),
    at_ms      INTEGER NOT NULL,
    UNIQUE (change_id, step)
);

-- Certificates and results files attached to checks (PDF or image). Immutable, like photos, but
-- kept apart from them: tablets may fetch a photo, never these.
CREATE TABLE filtering_files (
    id            INTEGER PRIMARY KEY,
    content_type  TEXT    NOT NULL,
    bytes         BLOB    NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES staff(id),
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE filter_checks (
    id               INTEGER PRIMARY KEY,
    checked_on       TEXT    NOT NULL,
    checked_by       TEXT    NOT NULL,
    devices          TEXT    NOT NULL,
    places           TEXT    NOT NULL,
    user_groups      TEXT    NOT NULL,
    tested           TEXT    NOT NULL,
    result           TEXT    NOT NULL CHECK (result IN ('passed', 'problems')),
    found            TEXT    NOT NULL,
    action_taken     TEXT    NOT NULL,
    certificate_file INTEGER REFERENCES filtering_files(id),
    recorded_by      INTEGER NOT NULL REFERENCES staff(id),
    recorded_at_ms   INTEGER NOT NULL
);

-- The yearly review: the answers are JSON, one per question key.
CREATE TABLE filter_reviews (
    id             INTEGER PRIMARY KEY,
    reviewed_on    TEXT    NOT NULL,
    participants   TEXT    NOT NULL,
    answers        TEXT    NOT NULL,
    recorded_by    INTEGER NOT NULL REFERENCES staff(id),
    recorded_at_ms INTEGER NOT NULL
);

CREATE TRIGGER filtering_roles_no_update BEFORE UPDATE ON filtering_roles
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filtering_roles_no_delete BEFORE DELETE ON filtering_roles
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_changes_no_update BEFORE UPDATE ON filter_changes
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_changes_no_delete BEFORE DELETE ON filter_changes
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_change_steps_no_update BEFORE UPDATE ON filter_change_steps
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_change_steps_no_delete BEFORE DELETE ON filter_change_steps
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_checks_no_update BEFORE UPDATE ON filter_checks
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_checks_no_delete BEFORE DELETE ON filter_checks
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_reviews_no_update BEFORE UPDATE ON filter_reviews
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
CREATE TRIGGER filter_reviews_no_delete BEFORE DELETE ON filter_reviews
BEGIN SELECT RAISE(ABORT, 'the filtering log is append-only'); END;
