-- The school's INSET (training) days: inside a half-term, but pupils are not in school, so they
-- don't count as school days. Kept with the year's term dates and replaced with them.
CREATE TABLE inset_days (
    school_year INTEGER NOT NULL,
    day         TEXT    NOT NULL,
    set_at_ms   INTEGER  NOT NULL,
    PRIMARY KEY (school_year, day)
);
