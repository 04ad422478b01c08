-- How a staff concern came to light, as a column of its own so the governors' report and the
-- trust overview count filtering breaches and monitoring alerts without reading each record's
-- words. The details (which monitoring tool, which web address) stay in the payload. NULL for
-- pupils' reports and parents' concerns. Written with the concern and, like its words, never
-- changed afterwards.
ALTER TABLE reports ADD COLUMN came_to_light TEXT
    CHECK (came_to_light IN ('seen_by_me', 'child_told_me', 'monitoring_alert',
                             'filtering_breach', 'parent', 'other_agency', 'other'));
CREATE FUNCTION kite_came_to_light_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.came_to_light IS DISTINCT FROM OLD.came_to_light THEN
        RAISE EXCEPTION 'a record''s original words are never rewritten';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER reports_came_to_light_unchanged BEFORE UPDATE ON reports
    FOR EACH ROW EXECUTE FUNCTION kite_came_to_light_unchanged();
