-- Files kept with the training register: a document to read published as a PDF (most schools'
-- policies are PDFs on a shared drive, not web pages) and a certificate attached to a training
-- record. Like the filtering certificates, a file is kept as uploaded; a new version of a
-- document is a new row with its own file, so every version stays readable.
CREATE TABLE training_files (
    id            INTEGER PRIMARY KEY,
    content_type  TEXT    NOT NULL,
    bytes         BLOB    NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES staff(id),
    created_at_ms INTEGER NOT NULL
);
CREATE TRIGGER training_files_no_update BEFORE UPDATE ON training_files
BEGIN SELECT RAISE(ABORT, 'training files are kept as uploaded'); END;

-- A document is a web address (`link`) or a PDF (`file_id`, with `link` empty).
ALTER TABLE reading_documents ADD COLUMN file_id INTEGER REFERENCES training_files(id);
ALTER TABLE training_records ADD COLUMN certificate_file INTEGER REFERENCES training_files(id);
