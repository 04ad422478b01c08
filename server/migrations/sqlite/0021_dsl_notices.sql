-- Emails to DSLs about changes to who can read reports (a DSL account added or changed, the
-- two-step or retention settings changed): written with the change, sent by the background job
-- that sends urgent alerts, so a change is never made without its notice being queued. One row
-- per recipient; the text is fixed and names no child, no report and no account.
CREATE TABLE dsl_notices (
    id            INTEGER PRIMARY KEY,
    to_email      TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    sent_at_ms    INTEGER
);
CREATE INDEX dsl_notices_unsent ON dsl_notices (sent_at_ms);
