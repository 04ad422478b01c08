-- A child's child protection file moving school (KCSIE). The class list's leaving date says when
-- a pupil goes; `leaving_to` is the school they go to, typed with it (optional: often not known
-- until later).
ALTER TABLE pupils ADD COLUMN leaving_to TEXT;

-- What the DSL records about a file: sent to the receiving school (when, how, to which school),
-- the receipt that came back, or a file received for a new pupil (when, from which school).
-- Append-only: a mistake is put right by recording again, and the first entry stays.
CREATE TABLE pupil_file_transfers (
    id             INTEGER PRIMARY KEY,
    pupil_id       INTEGER NOT NULL REFERENCES pupils(id),
    kind           TEXT    NOT NULL CHECK (kind IN ('sent', 'receipt', 'received')),
    on_day         TEXT    NOT NULL,
    method         TEXT    CHECK (method IN ('secure_email', 'hand_delivery', 'receiving_system',
                                             'post', 'other')),
    school         TEXT,
    note           TEXT,
    recorded_by    INTEGER NOT NULL REFERENCES staff(id),
    recorded_at_ms INTEGER NOT NULL,
    -- How a file went is recorded when it is sent, and only then.
    CHECK ((kind = 'sent') = (method IS NOT NULL)),
    -- A file is sent to, or received from, a named school.
    CHECK (kind = 'receipt' OR school IS NOT NULL)
);
CREATE INDEX pupil_file_transfers_by_pupil ON pupil_file_transfers (pupil_id, id);

CREATE TRIGGER pupil_file_transfers_no_update BEFORE UPDATE ON pupil_file_transfers
BEGIN SELECT RAISE(ABORT, 'the file transfer log is append-only'); END;
CREATE TRIGGER pupil_file_transfers_no_delete BEFORE DELETE ON pupil_file_transfers
BEGIN SELECT RAISE(ABORT, 'the file transfer log is append-only'); END;
