-- Two more staff roles (issue 8): 'governor' (reads the governors' report: anonymised,
-- suppressed counts, nothing else) and 'trust' (a multi-academy trust's officer, on the trust's
-- own database only: anonymised counts across its schools).
--
-- SQLite can't change a CHECK in place, so `staff` is rebuilt as `reports` was in 0010: rows
-- copied aside, the table made again under its own name (so every table that points at it still
-- does), rows put back, foreign key checks deferred to the commit. No foreign key to `staff` has
-- ON DELETE actions, so the drop touches nothing else.
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
SELECT id, email, name, role, password_hash, failed_logins, locked_until_ms, created_at_ms,
       disabled_at_ms, totp_secret, totp_enabled_at_ms, totp_last_step, agreement
FROM staff_copy;
DROP TABLE staff_copy;
