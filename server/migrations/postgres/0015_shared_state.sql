-- Rate-limit buckets (as migrations/sqlite_limits/0001: on PostgreSQL, in the same database) and
-- the server's secret key (as migrations/sqlite/0015), shared by every server process.
CREATE TABLE rate_limits (
    key          TEXT             PRIMARY KEY,
    tokens       DOUBLE PRECISION NOT NULL,
    refreshed_ms BIGINT           NOT NULL,
    granted      BIGINT           NOT NULL
);

CREATE TABLE server_key (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    secret_key    BYTEA  NOT NULL CHECK (length(secret_key) = 32),
    origin        TEXT   NOT NULL CHECK (origin IN ('imported', 'generated')),
    created_at_ms BIGINT NOT NULL
);
