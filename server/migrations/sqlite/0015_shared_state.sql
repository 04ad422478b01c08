-- Issue 8: nothing that matters for correctness is kept in one server process's memory, so
-- several processes can share one database behind a load balancer.

-- Rate limits are in the database too, but on SQLite in a file of their own: see
-- migrations/sqlite_limits/.

-- The server's X25519 secret key (tablets seal every outbox item to its public key). One row,
-- written once: imported from the data dir's `server-secret.key` if there was one, else
-- generated. Back it up with the rest of the database.
CREATE TABLE server_key (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    secret_key    BLOB    NOT NULL CHECK (length(secret_key) = 32),
    origin        TEXT    NOT NULL CHECK (origin IN ('imported', 'generated')),
    created_at_ms INTEGER NOT NULL
);
