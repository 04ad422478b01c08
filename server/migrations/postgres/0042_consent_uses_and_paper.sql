-- Consent uses are the school's own list rather than three fixed in code: every school starts
-- with the six its forms usually ask about, an admin adds its own, and retiring one stops it
-- being asked while every answer already given stays in the history. The first three keys are
-- the ones 0010 allowed, so consents already given keep their meaning.
CREATE TABLE consent_uses (
    key           TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    explanation   TEXT    NOT NULL,
    position      BIGINT  NOT NULL,
    added_at_ms   BIGINT  NOT NULL,
    added_by      BIGINT  REFERENCES staff(id),
    retired_at_ms BIGINT,
    retired_by    BIGINT  REFERENCES staff(id)
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

-- A consent or co-signature handed in on paper says so: the staff member who typed it in and
-- the date on the form.
ALTER TABLE photo_consents DROP CONSTRAINT photo_consents_photo_use_check;
ALTER TABLE photo_consents ADD CONSTRAINT photo_consents_photo_use_fkey
    FOREIGN KEY (photo_use) REFERENCES consent_uses(key);
ALTER TABLE photo_consents ADD COLUMN recorded_by BIGINT REFERENCES staff(id);
ALTER TABLE photo_consents ADD COLUMN form_date_ms BIGINT;
ALTER TABLE photo_consents ADD CONSTRAINT photo_consents_paper_whole
    CHECK ((recorded_by IS NULL) = (form_date_ms IS NULL));

ALTER TABLE parent_signatures ADD COLUMN recorded_by BIGINT REFERENCES staff(id);
ALTER TABLE parent_signatures ADD COLUMN form_date_ms BIGINT;

-- Both are histories: a change of mind is a new row, never an edited one.
CREATE TRIGGER photo_consents_no_update BEFORE UPDATE ON photo_consents
    FOR EACH ROW EXECUTE FUNCTION kite_refuse_change('consent is a history: add a row instead');
CREATE TRIGGER parent_signatures_no_update BEFORE UPDATE ON parent_signatures
    FOR EACH ROW EXECUTE FUNCTION kite_refuse_change('co-signatures are a history: add a row instead');
