-- A correction to a published agreement version: a typo fixed without asking everyone to sign
-- again. The version's own row keeps the text as first published (what the earliest signatures
-- agreed to); each correction is a new row with the whole corrected text, the admin's reason,
-- who made it and when. The newest correction is the text shown from then on; signatures stay
-- linked to the version.
CREATE TABLE agreement_corrections (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES agreement_versions(id),
    content         TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    corrected_at_ms INTEGER NOT NULL,
    corrected_by    INTEGER NOT NULL REFERENCES staff(id)
);
CREATE INDEX agreement_corrections_by_version ON agreement_corrections (version_id, id DESC);
