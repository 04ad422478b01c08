-- A parent's signature of one of the school's own agreements, one row per child: a co-signature
-- of a pupils' kind whose parents co-sign (a KS2 laptop agreement), or the parent's own signature
-- of a parents' kind (a social-media agreement), which a parent signs once for every child in
-- their session. The pupil AUP and home-school agreement keep `parent_signatures`, whose two
-- version columns are theirs alone. A history: a new version signed is a new row, never an
-- edited one.
CREATE TABLE parent_agreement_signatures (
    id           INTEGER PRIMARY KEY,
    pupil_id     INTEGER NOT NULL REFERENCES pupils(id),
    version_id   INTEGER NOT NULL REFERENCES agreement_versions(id),
    parent_name  TEXT    NOT NULL,
    signed_at_ms INTEGER NOT NULL
);
CREATE INDEX parent_agreement_signatures_by_pupil
    ON parent_agreement_signatures (pupil_id, version_id, id DESC);

CREATE TRIGGER parent_agreement_signatures_no_update BEFORE UPDATE ON parent_agreement_signatures
BEGIN SELECT RAISE(ABORT, 'signatures are a history: add a row instead'); END;
CREATE TRIGGER parent_agreement_signatures_no_delete BEFORE DELETE ON parent_agreement_signatures
BEGIN SELECT RAISE(ABORT, 'signatures are a history: add a row instead'); END;
