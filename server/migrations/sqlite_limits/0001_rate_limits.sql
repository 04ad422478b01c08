-- Rate limits (sync per tablet, enrolment, parents' sign-in): a token bucket per key, taken from
-- in one atomic upsert. `granted` says whether the last call got a token.
--
-- On SQLite this table lives in its own file beside the school's database (`kite.limits.db`).
-- SQLite has one write lock per file: in the main file, every sync's bucket update waited for the
-- report commit in progress and its fsync (one report a request fell from 3,900 to 950 a second).
-- In a file of its own, written without waiting for the disk, it waits for nothing. Losing it
-- harms nothing: a few requests more would be allowed. No need to back it up.
CREATE TABLE rate_limits (
    key          TEXT    PRIMARY KEY,
    tokens       REAL    NOT NULL,
    refreshed_ms INTEGER NOT NULL,
    granted      INTEGER NOT NULL
);
