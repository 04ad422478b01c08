-- Issue 8: two more roles. 'governor' reads the governors' report; 'trust' is an account of a
-- multi-academy trust, kept in the trust's own database, that reads only anonymised counts
-- across its schools. 0003 listed the roles in a CHECK, which SQLite can't change in place, so
-- the table is rebuilt the way 0010 rebuilt `reports`: foreign-key checks are deferred to the
-- commit, the rows are copied aside, the table is made again under its own name (so sessions,
-- chronologies, class teachers and signatures still point at it) and the rows are put back with
-- the same ids. The commit fails, and nothing changes, if any row were left pointing nowhere.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE staff_copy AS SELECT * FROM staff;
DROP TABLE staff;
CREATE TABLE staff (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name                TEXT    NOT NULL,
    role                TEXT    NOT NULL
                        CHECK (role IN ('dsl', 'teacher', 'admin', 'governor', 'trust')),
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
INSERT INTO staff (id, email, name, role, password_hash, failed_logins, locked_until_ms,
                   created_at_ms, disabled_at_ms, totp_secret, totp_enabled_at_ms,
                   totp_last_step, agreement)
SELECT id, email, name, role, password_hash, failed_logins, locked_until_ms,
       created_at_ms, disabled_at_ms, totp_secret, totp_enabled_at_ms,
       totp_last_step, agreement
FROM staff_copy;
DROP TABLE staff_copy;
