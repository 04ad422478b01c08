-- The school can require DSLs (and deputies) to use two-step sign-in before they read reports.
ALTER TABLE school_settings ADD COLUMN require_dsl_two_step INTEGER NOT NULL DEFAULT 0;
