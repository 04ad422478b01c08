-- The school's own term dates, one row per half-term of a school year (the year it starts in
-- September). The governors' report counts by whole months and reports a half-term or a term as
-- the months it covers, read from these dates; a year with no rows uses the usual England
-- pattern. Dates are ISO days (`2026-09-03`), both included.
CREATE TABLE term_dates (
    school_year INTEGER NOT NULL,
    half_term TEXT NOT NULL CHECK (half_term IN ('autumn-1', 'autumn-2', 'spring-1', 'spring-2',
                                                 'summer-1', 'summer-2')),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    set_at_ms BIGINT NOT NULL,
    PRIMARY KEY (school_year, half_term)
);
