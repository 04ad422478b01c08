-- A child answering back. A reply comes from a tablet through the sealed outbox and is written as
-- an entry in the record's chronology (`report_events`, whose words say what the child said).
-- This table keeps the outbox item's id against that entry, so a batch the tablet sends again
-- is stored once. Nothing else about the reply or the tablet is kept. Only added to, and deleted
-- only with its record when retention purges it.
CREATE TABLE child_replies (
    id             TEXT    PRIMARY KEY,
    report_id      TEXT    NOT NULL REFERENCES reports(id),
    event_id       BIGINT  NOT NULL REFERENCES report_events(id),
    received_at_ms BIGINT  NOT NULL
);
CREATE INDEX child_replies_by_report ON child_replies (report_id);
CREATE FUNCTION kite_child_replies_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM retention_purges WHERE report_id = OLD.report_id) THEN
        RAISE EXCEPTION 'replies from a child are only added to';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER child_replies_no_update BEFORE UPDATE ON child_replies
    FOR EACH ROW EXECUTE FUNCTION kite_refuse_change('replies from a child are only added to');
CREATE TRIGGER child_replies_no_delete BEFORE DELETE ON child_replies
    FOR EACH ROW EXECUTE FUNCTION kite_child_replies_delete();
