-- Consent uses are the school's own list rather than three fixed in code: every school starts
-- with the six its forms usually ask about, an admin adds its own, and retiring one stops it
-- being asked while every answer already given stays in the history. The first three keys are
-- the ones 0009 allowed, so consents already given keep their meaning.
CREATE TABLE consent_uses (
    key           TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    explanation   TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    added_at_ms   INTEGER NOT NULL,
    added_by      INTEGER REFERENCES staff(id),
    retired_at_ms INTEGER,
    retired_by    INTEGER REFERENCES staff(id)
);
INSERT INTO consent_uses (key, name, explanation, position, added_at_ms) VALUES
    ('displays', 'School displays and learning records',
     'Photos and work on classroom walls, in books and in learning records kept in school.', 1, 0),
    ('work_website', 'Pupils'' work on the website',
     'Drawings, writing and projects on the school website, with a first name at most.', 2, 0),
    ('website', 'Photos on the website',
     'Photos on the school website, never with a full name.', 3, 0),
    ('social_media', 'Social media',
     'Photos on the school''s own social media accounts.', 4, 0),
    ('press', 'Local press',
     'Photos in local newspapers, for example of a school event.', 5, 0),
    ('internet', 'Internet use at school',
     'Using the internet in lessons, with the school''s filtering and an adult nearby.', 6, 0);

-- 0009 listed the uses in a CHECK, which SQLite can't change in place, so `photo_consents` is
-- rebuilt the way 0040 rebuilt `agreement_versions`, keeping every row and its id. A consent
-- handed in on paper says so: the staff member who typed it in and the date on the form.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE photo_consents_copy AS SELECT * FROM photo_consents;
DROP TABLE photo_consents;
CREATE TABLE photo_consents (
    id           INTEGER PRIMARY KEY,
    pupil_id     INTEGER NOT NULL REFERENCES pupils(id),
    photo_use    TEXT    NOT NULL REFERENCES consent_uses(key),
    granted      INTEGER NOT NULL,
    given_by     TEXT    NOT NULL,
    at_ms        INTEGER NOT NULL,
    recorded_by  INTEGER REFERENCES staff(id),
    form_date_ms INTEGER,
    CHECK ((recorded_by IS NULL) = (form_date_ms IS NULL))
);
INSERT INTO photo_consents (id, pupil_id, photo_use, granted, given_by, at_ms)
SELECT id, pupil_id, photo_use, granted, given_by, at_ms FROM photo_consents_copy;
DROP TABLE photo_consents_copy;
CREATE INDEX photo_consents_latest ON photo_consents (pupil_id, photo_use, id DESC);

ALTER TABLE parent_signatures ADD COLUMN recorded_by INTEGER REFERENCES staff(id);
ALTER TABLE parent_signatures ADD COLUMN form_date_ms INTEGER;

-- Both are histories: a change of mind is a new row, never an edited one.
CREATE TRIGGER photo_consents_no_update BEFORE UPDATE ON photo_consents
BEGIN SELECT RAISE(ABORT, 'consent is a history: add a row instead'); END;
CREATE TRIGGER parent_signatures_no_update BEFORE UPDATE ON parent_signatures
BEGIN SELECT RAISE(ABORT, 'co-signatures are a history: add a row instead'); END;
