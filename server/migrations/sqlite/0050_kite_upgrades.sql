-- Which Kite brought this database up to which migration, and when. An older server started on
-- it says which version it needs (storage/migrations.rs) instead of sqlx's "migration 50 was
-- previously applied but is missing". Written in the same transaction as the migrations it
-- records; only ever added to.
CREATE TABLE kite_upgrades (
    id           INTEGER PRIMARY KEY,
    kite_version TEXT    NOT NULL,
    migration    INTEGER NOT NULL,
    at_ms        INTEGER NOT NULL
);
CREATE TRIGGER kite_upgrades_no_update BEFORE UPDATE ON kite_upgrades
BEGIN SELECT RAISE(ABORT, 'the upgrade history is only added to'); END;
