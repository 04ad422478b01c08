-- Visitors, guests, supply staff and contractors sign the visitor agreement at each visit, with
-- no account: on their own phone from the QR code on the office's poster, or on the office
-- tablet. 0009 listed the agreement kinds in a CHECK, which SQLite can't change in place, so
-- `agreement_versions` is rebuilt the way 0011 rebuilt `staff`: foreign-key checks deferred to
-- the commit, the rows copied aside, the table made again under its own name (so signatures and
-- corrections still point at it) and the rows put back with the same ids.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE agreement_versions_copy AS SELECT * FROM agreement_versions;
DROP TABLE agreement_versions;
CREATE TABLE agreement_versions (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL
                    CHECK (kind IN ('pupil', 'staff', 'volunteer', 'governor', 'home_school',
                                    'visitor')),
    version         INTEGER NOT NULL,
    content         TEXT    NOT NULL,
    summary         TEXT    NOT NULL DEFAULT '',
    published_at_ms INTEGER NOT NULL,
    published_by    INTEGER REFERENCES staff(id),
    UNIQUE (kind, version)
);
INSERT INTO agreement_versions (id, kind, version, content, summary, published_at_ms, published_by)
SELECT id, kind, version, content, summary, published_at_ms, published_by
FROM agreement_versions_copy;
DROP TABLE agreement_versions_copy;

-- The key in the poster's link. The newest row is the one that works: renewing adds a row, and
-- every older poster stops working. Kept as it is (not hashed) so the office can print the
-- same poster again: it is pinned up in reception, a door code rather than anyone's secret.
CREATE TABLE visitor_keys (
    id            INTEGER PRIMARY KEY,
    visitor_key   TEXT    NOT NULL UNIQUE,
    made_by       INTEGER NOT NULL REFERENCES staff(id),
    made_at_ms    INTEGER NOT NULL
);

-- A visitor's signature: what they typed, the day (the server's), the version they read, and
-- where they signed (a phone with the poster's key, or which tablet). No address or device
-- detail of a phone is kept. Never changed once written; deleted only when older than the
-- school's retention period (retention.rs).
CREATE TABLE visitor_signatures (
    id            INTEGER PRIMARY KEY,
    version_id    INTEGER NOT NULL REFERENCES agreement_versions(id),
    name          TEXT    NOT NULL,
    organisation  TEXT    NOT NULL,
    visiting      TEXT    NOT NULL,
    signed_name   TEXT    NOT NULL,
    visit_date    TEXT    NOT NULL,
    signed_at_ms  INTEGER NOT NULL,
    signed_on     TEXT    NOT NULL CHECK (signed_on IN ('phone', 'tablet')),
    device_id     INTEGER REFERENCES devices(id)
);
CREATE INDEX visitor_signatures_by_day ON visitor_signatures (visit_date, signed_at_ms);
CREATE TRIGGER visitor_signatures_no_update BEFORE UPDATE ON visitor_signatures
BEGIN SELECT RAISE(ABORT, 'a visitor''s signature is never changed'); END;
CREATE TRIGGER visitor_keys_no_update BEFORE UPDATE ON visitor_keys
BEGIN SELECT RAISE(ABORT, 'visitor keys are only added to'); END;
