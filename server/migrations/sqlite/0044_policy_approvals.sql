-- The online-safety policy's approvals: each review adds a row (who approved it, when, when it is
-- next reviewed, and where it is read: a link or a document published for staff to read).
CREATE TABLE policy_approvals (
    id              INTEGER PRIMARY KEY,
    approved_on     TEXT    NOT NULL,
    approved_by     TEXT    NOT NULL,
    next_review_on  TEXT    NOT NULL,
    link            TEXT    NOT NULL,
    document_id     INTEGER REFERENCES reading_documents(id),
    notes           TEXT    NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES staff(id),
    recorded_at_ms  INTEGER NOT NULL
);

CREATE TRIGGER policy_approvals_no_update BEFORE UPDATE ON policy_approvals
BEGIN SELECT RAISE(ABORT, 'the policy''s approvals are append-only'); END;
CREATE TRIGGER policy_approvals_no_delete BEFORE DELETE ON policy_approvals
BEGIN SELECT RAISE(ABORT, 'the policy''s approvals are append-only'); END;
