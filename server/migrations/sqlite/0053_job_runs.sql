-- Each run of a school's background job (sweeping ended sessions and retention), claimed before it
-- runs: the job's name and its slot (which hour, for an hourly job). Two servers on one database
-- both try to claim; the primary key lets one. Rows older than a week are removed by the job.
CREATE TABLE job_runs (
    job           TEXT    NOT NULL,
    slot          INTEGER NOT NULL,
    claimed_at_ms INTEGER NOT NULL,
    PRIMARY KEY (job, slot)
);
