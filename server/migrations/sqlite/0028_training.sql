-- The training register. Every adult in school is on it: each staff account (not the trust's),
-- and people without a Kite sign-in, added by name and job (`training_people`). Training done is
-- a row in `training_records`, about exactly one of the two; rows are only ever added, and a
-- correction is a new row naming the one it replaces, which stays as it was.
CREATE TABLE training_people (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    added_at_ms INTEGER NOT NULL,
    added_by    INTEGER NOT NULL REFERENCES staff(id)
);

CREATE TABLE training_records (
    id             INTEGER PRIMARY KEY,
    staff_id       INTEGER REFERENCES staff(id),
    person_id      INTEGER REFERENCES training_people(id),
    kind           TEXT    NOT NULL,
    completed_on   TEXT    NOT NULL,
    provider       TEXT    NOT NULL,
    notes          TEXT    NOT NULL,
    recorded_at_ms INTEGER NOT NULL,
    recorded_by    INTEGER NOT NULL REFERENCES staff(id),
    replaces       INTEGER UNIQUE REFERENCES training_records(id),
    CHECK ((staff_id IS NULL) <> (person_id IS NULL))
);
CREATE TRIGGER training_records_no_update BEFORE UPDATE ON training_records
BEGIN SELECT RAISE(ABORT, 'training records are only added to'); END;
CREATE TRIGGER training_records_no_delete BEFORE DELETE ON training_records
BEGIN SELECT RAISE(ABORT, 'training records are only added to'); END;

-- Documents staff confirm they have read (a policy, KCSIE Part 1). A new version is a new row
-- naming the one it replaces, so confirmations of the old version stay with it and everyone is
-- asked again. `counts_as` is a training kind that confirming records.
CREATE TABLE reading_documents (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    link            TEXT    NOT NULL,
    replaces        INTEGER UNIQUE REFERENCES reading_documents(id),
    counts_as       TEXT,
    published_at_ms INTEGER NOT NULL,
    published_by    INTEGER NOT NULL REFERENCES staff(id)
);

CREATE TABLE reading_confirmations (
    document_id     INTEGER NOT NULL REFERENCES reading_documents(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    confirmed_at_ms INTEGER NOT NULL,
    PRIMARY KEY (document_id, staff_id)
);
