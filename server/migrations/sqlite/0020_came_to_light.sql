-- How a staff concern came to light, as a column of its own so the governors' report and the
-- trust overview count filtering breaches and monitoring alerts without reading each record's
-- words. The details (which monitoring tool, which web address) stay in the payload. NULL for
-- pupils' reports and parents' concerns. Written with the concern and, like its words, never
-- changed afterwards.
ALTER TABLE reports ADD COLUMN came_to_light TEXT
    CHECK (came_to_light IN ('seen_by_me', 'child_told_me', 'monitoring_alert',
                             'filtering_breach', 'parent', 'other_agency', 'other'));
CREATE TRIGGER reports_came_to_light_unchanged BEFORE UPDATE OF came_to_light ON reports
WHEN NEW.came_to_light IS NOT OLD.came_to_light
BEGIN SELECT RAISE(ABORT, 'a record''s original words are never rewritten'); END;
