-- School settings only staff see: local safeguarding contacts (shown to the DSL beside each
-- report) and how long closed reports are kept.
CREATE TABLE school_settings (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    local_contacts   TEXT    NOT NULL DEFAULT '[]',
    -- Months a closed report is kept before it may be deleted; 0 = until the school decides.
    retention_months INTEGER NOT NULL DEFAULT 0
);
INSERT INTO school_settings (id) VALUES (1);

-- When the DSLs were alerted (by email) that this urgent report arrived. Claimed atomically, so
-- several server processes never alert twice.
ALTER TABLE reports ADD COLUMN alerted_at_ms INTEGER;
CREATE INDEX reports_to_alert ON reports (urgent, alerted_at_ms);
