-- A child answering back. A reply comes from a tablet through the sealed outbox and is written as
-- an entry in the record's chronology (`report_events`, whose words say what the child said).
-- This table keeps the outbox item's id against that entry, so a batch the tablet sends again
-- is stored once. Nothing else about the reply or the tablet is kept. Only added to, and deleted
-- only with its record when retention purges it.
CREATE TABLE child_replies (
    id             TEXT    PRIMARY KEY,
    report_id      TEXT    NOT NULL REFERENCES reports(id),
    event_id       INTEGER NOT NULL REFERENCES report_events(id),
    received_at_ms INTEGER NOT NULL
);
CREATE INDEX child_replies_by_report ON child_replies (report_id);
CREATE TRIGGER child_replies_no_update BEFORE UPDATE ON child_replies
BEGIN SELECT RAISE(ABORT, 'replies from a child are only added to'); END;
CREATE TRIGGER child_replies_no_delete BEFORE DELETE ON child_replies
WHEN NOT EXISTS (SELECT 1 FROM retention_purges WHERE report_id = OLD.report_id)
BEGIN SELECT RAISE(ABORT, 'replies from a child are only added to'); END;
