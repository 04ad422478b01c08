-- The directory of schools a PostgreSQL deployment runs, in the base schema (each school is a
-- schema of its own beside it). Applied by `schools::source`, not with the schools' migrations.
-- One row per school; the trust's row has the slug 'trust'. Removing a school deletes its row
-- only: its schema and data stay.
CREATE TABLE kite_directory_schools (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- Lower-case host names without a port; no host in two rows (checked by the writer).
    hosts TEXT[] NOT NULL,
    -- Paused by the authority: its hosts answer a "paused" page, its data stays.
    suspended BOOLEAN NOT NULL DEFAULT FALSE,
    added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Bumped by every change, so a server's poll reads one number.
CREATE TABLE kite_directory_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO kite_directory_version (id, version) VALUES (1, 0);
