-- Agreement kinds are the school's own list rather than six fixed in code: Kite's built-in
-- kinds are listed here with who signs them, and an admin adds the school's own (a laptop
-- agreement for KS2 pupils, an equipment disclaimer for staff, a social-media agreement for
-- parents). So "who must sign what" is one table. A kind is never deleted: retiring one stops it
-- being asked and keeps every version and signature.
--
-- `key` is the name in URLs and in `agreement_versions.kind`: the built-ins keep theirs, a
-- school's own kind is 'custom-' and its id. `band` says which pupils sign a pupils' kind (NULL:
-- every band, as the pupil AUP); `parents_cosign` whether a parent co-signs it at home.
CREATE TABLE agreement_kinds (
    id             INTEGER PRIMARY KEY,
    key            TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    signers        TEXT    NOT NULL
                   CHECK (signers IN ('pupils', 'parents', 'staff', 'governors', 'volunteers',
                                      'visitors')),
    band           TEXT    CHECK (band IN ('eyfs', 'ks1', 'ks2')),
    parents_cosign INTEGER NOT NULL DEFAULT 0,
    built_in       INTEGER NOT NULL DEFAULT 0,
    created_by     INTEGER REFERENCES staff(id),
    created_at_ms  INTEGER NOT NULL,
    retired_at_ms  INTEGER,
    retired_by     INTEGER REFERENCES staff(id),
    CHECK (band IS NULL OR signers = 'pupils'),
    CHECK (parents_cosign = 0 OR signers = 'pupils')
);
INSERT INTO agreement_kinds (id, key, name, signers, parents_cosign, built_in, created_at_ms) VALUES
    (1, 'pupil', 'Pupil Acceptable Use Policy', 'pupils', 1, 1, 0),
    (2, 'staff', 'Staff Acceptable Use Policy', 'staff', 0, 1, 0),
    (3, 'volunteer', 'Volunteer Acceptable Use Policy', 'volunteers', 0, 1, 0),
    (4, 'governor', 'Governor Acceptable Use Policy', 'governors', 0, 1, 0),
    (5, 'home_school', 'Home-school agreement', 'parents', 0, 1, 0),
    (6, 'visitor', 'Visitor agreement', 'visitors', 0, 1, 0);

-- 0040 listed the kinds in a CHECK, which SQLite can't change in place, so `agreement_versions`
-- is rebuilt the way 0040 did it (foreign-key checks deferred to the commit, the rows copied
-- aside, the table made again under its own name so signatures and corrections still point at
-- it, the rows put back with the same ids), its kind now naming a row of `agreement_kinds`.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE agreement_versions_copy AS SELECT * FROM agreement_versions;
DROP TABLE agreement_versions;
CREATE TABLE agreement_versions (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL REFERENCES agreement_kinds(key),
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
