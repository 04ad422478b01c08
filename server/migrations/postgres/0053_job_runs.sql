-- Each run of a school's background job, claimed before it runs (see sqlite/0053_job_runs.sql).
CREATE TABLE job_runs (
    job           TEXT   NOT NULL,
    slot          BIGINT NOT NULL,
    claimed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (job, slot)
);
