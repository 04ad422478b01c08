-- Issue 6: classes and pupils, the agreements everyone signs (pupil AUP, staff / volunteer /
-- governor AUPs, the home-school agreement), parents' per-child codes, co-signatures and photo
-- consent. Together these are the school's Acceptable Use register.

-- A class and its key stage. Teachers see the register of their own classes only.
CREATE TABLE classes (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    band          TEXT    NOT NULL CHECK (band IN ('eyfs', 'ks1', 'ks2')),
    created_at_ms INTEGER NOT NULL
);
CREATE TABLE class_teachers (
    class_id INTEGER NOT NULL REFERENCES classes(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (class_id, staff_id)
);

-- Pupils are kept by first name and last-name initial only: enough for a child to find their name
-- on the kiosk and for a teacher to know who is who. `symbol` is a colour-and-animal key so a child
-- who can't read yet finds themselves by picture.
CREATE TABLE pupils (
    id            INTEGER PRIMARY KEY,
    class_id      INTEGER NOT NULL REFERENCES classes(id),
    first_name    TEXT    NOT NULL,
    last_initial  TEXT    NOT NULL,
    symbol        TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    -- Left the class or the school: off the kiosk list, kept for the register's history.
    left_at_ms    INTEGER
);
CREATE UNIQUE INDEX pupils_once_per_class
    ON pupils (class_id, first_name COLLATE NOCASE, last_initial COLLATE NOCASE)
    WHERE left_at_ms IS NULL;

-- Every version of every agreement. Publishing a new version (the annual review) means everyone
-- it applies to signs again. `content` is JSON in the shape `kite_protocol::agreement` defines.
-- `published_by` is NULL for the versions Kite ships with.
CREATE TABLE agreement_versions (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL
                    CHECK (kind IN ('pupil', 'staff', 'volunteer', 'governor', 'home_school')),
    version         INTEGER NOT NULL,
    content         TEXT    NOT NULL,
    summary         TEXT    NOT NULL DEFAULT '',
    published_at_ms INTEGER NOT NULL,
    published_by    INTEGER REFERENCES staff(id),
    UNIQUE (kind, version)
);

-- A pupil's signature, made on a kiosk and sent through the outbox: the id is the tablet's
-- idempotency key. The mark is typed initials or a small drawing (PNG, base64).
CREATE TABLE pupil_signatures (
    id             TEXT    PRIMARY KEY,
    pupil_id       INTEGER NOT NULL REFERENCES pupils(id),
    version_id     INTEGER NOT NULL REFERENCES agreement_versions(id),
    mark_kind      TEXT    NOT NULL CHECK (mark_kind IN ('initials', 'drawing')),
    mark           TEXT    NOT NULL,
    signed_at_ms   INTEGER NOT NULL,
    device_id      INTEGER NOT NULL REFERENCES devices(id),
    received_at_ms INTEGER NOT NULL
);
CREATE INDEX pupil_signatures_by_pupil ON pupil_signatures (pupil_id, version_id);

-- Which AUP a staff account signs at first sign-in (seed 003 asks for staff, volunteers and
-- governors as well as pupils).
ALTER TABLE staff ADD COLUMN agreement TEXT NOT NULL DEFAULT 'staff'
    CHECK (agreement IN ('staff', 'volunteer', 'governor'));
CREATE TABLE staff_signatures (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff(id),
    version_id   INTEGER NOT NULL REFERENCES agreement_versions(id),
    signed_name  TEXT    NOT NULL,
    signed_at_ms INTEGER NOT NULL,
    UNIQUE (staff_id, version_id)
);

-- When on, a pupil who hasn't signed the current pupil AUP is asked to before lessons start.
-- Never before telling an adult: the report flow is always open.
ALTER TABLE school_settings ADD COLUMN aup_before_lessons INTEGER NOT NULL DEFAULT 0;

-- Parents: a per-child code printed on a letter opens the parents' page for that child only.
-- Only the code's hash is kept, so printing new letters for a child replaces the old code.
CREATE TABLE parent_codes (
    code_sha256   BLOB    PRIMARY KEY,
    pupil_id      INTEGER NOT NULL REFERENCES pupils(id),
    created_by    INTEGER NOT NULL REFERENCES staff(id),
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
);
CREATE INDEX parent_codes_by_pupil ON parent_codes (pupil_id);

-- A parent's signed-in session: one child, held in the database (several server processes).
CREATE TABLE parent_sessions (
    id_sha256     BLOB    PRIMARY KEY,
    pupil_id      INTEGER NOT NULL REFERENCES pupils(id),
    csrf_token    TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL
);

-- A parent or carer's co-signature of their child's AUP and of the home-school agreement.
CREATE TABLE parent_signatures (
    id                     INTEGER PRIMARY KEY,
    pupil_id               INTEGER NOT NULL REFERENCES pupils(id),
    pupil_version_id       INTEGER NOT NULL REFERENCES agreement_versions(id),
    home_school_version_id INTEGER NOT NULL REFERENCES agreement_versions(id),
    parent_name            TEXT    NOT NULL,
    signed_at_ms           INTEGER NOT NULL
);
CREATE INDEX parent_signatures_by_pupil ON parent_signatures (pupil_id, id DESC);

-- Photo consent per use, kept as a history: the newest row for a pupil and use is what holds
-- now, so a withdrawal takes effect the moment it is written and the earlier consent stays on
-- record.
CREATE TABLE photo_consents (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupils(id),
    photo_use   TEXT    NOT NULL CHECK (photo_use IN ('website', 'social_media', 'press')),
    granted     INTEGER NOT NULL,
    given_by    TEXT    NOT NULL,
    at_ms       INTEGER NOT NULL
);
CREATE INDEX photo_consents_latest ON photo_consents (pupil_id, photo_use, id DESC);
