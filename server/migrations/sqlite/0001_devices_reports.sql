-- Kiosk tablets. The token itself is never stored, only its SHA-256.
CREATE TABLE devices (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    token_sha256  BLOB    NOT NULL UNIQUE,
    created_at_ms INTEGER NOT NULL,
    last_seen_ms  INTEGER,
    revoked_at_ms INTEGER
);

-- Pupil reports. The id is the tablet's idempotency key, so a report that arrives twice is stored
-- once. Deliberately no IP address, user agent or other fingerprint of the sender.
CREATE TABLE reports (
    id             TEXT    PRIMARY KEY,
    device_id      INTEGER NOT NULL REFERENCES devices(id),
    received_at_ms INTEGER NOT NULL,
    urgent         INTEGER NOT NULL,
    what           TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'new',
    payload        TEXT    NOT NULL
);
CREATE INDEX reports_inbox ON reports (status, urgent DESC, received_at_ms DESC);

-- The school's profile: one row. Trusted adults are shown to pupils on the report flow.
CREATE TABLE school_profile (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    name              TEXT    NOT NULL,
    idle_timeout_secs INTEGER NOT NULL,
    trusted_adults    TEXT    NOT NULL
);
INSERT INTO school_profile (id, name, idle_timeout_secs, trusted_adults)
VALUES (1, 'Our school', 90, '[]');
