-- Retention: closed reports older than the school's retention period are deleted, with their
-- chronology. The chronology stays append-only otherwise: its rows can be deleted only for a
-- report listed here, and this list (what was purged, when) can't itself be changed.
CREATE TABLE retention_purges (
    report_id  TEXT    PRIMARY KEY,
    purged_at_ms INTEGER NOT NULL
);
CREATE TRIGGER retention_purges_no_update BEFORE UPDATE ON retention_purges
BEGIN SELECT RAISE(ABORT, 'the purge record is append-only'); END;
CREATE TRIGGER retention_purges_no_delete BEFORE DELETE ON retention_purges
BEGIN SELECT RAISE(ABORT, 'the purge record is append-only'); END;

DROP TRIGGER report_events_no_delete;
CREATE TRIGGER report_events_no_delete BEFORE DELETE ON report_events
WHEN NOT EXISTS (SELECT 1 FROM retention_purges WHERE report_id = OLD.report_id)
BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END;
