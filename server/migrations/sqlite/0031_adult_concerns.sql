-- The chair of governors' flag, set on a governor's account: a concern about the head goes to
-- them. NULL: not the chair.
ALTER TABLE staff ADD COLUMN chair_since_ms INTEGER;

-- Concerns about an adult in school (an allegation that an adult may have harmed a child, or a
-- low-level concern about how they behave). Kept apart from `reports` so nothing of them reaches
-- the DSL's inbox, a child's chronology or the governors' figures (which count them, nothing
-- more). Only the head reads them, or the chair of governors when one is about the head.
CREATE TABLE adult_concerns (
    id             TEXT    PRIMARY KEY,
    level          TEXT    NOT NULL CHECK (level IN ('harm', 'low_level')),
    about_head     INTEGER NOT NULL CHECK (about_head IN (0, 1)),
    -- Lower-cased and trimmed, so one adult's concerns group together in the head's list.
    about_key      TEXT    NOT NULL,
    -- A `StoredAdultConcern`'s JSON: who it is about, what happened, who wrote it.
    payload        TEXT    NOT NULL,
    written_by     INTEGER NOT NULL REFERENCES staff(id),
    received_at_ms INTEGER NOT NULL,
    happened_at_ms INTEGER NOT NULL
);
CREATE INDEX adult_concerns_by_time ON adult_concerns (received_at_ms);

-- What the head (or chair) recorded: the LADO consulted, a decision with its reasons, the
-- outcome that closed it. The answers are JSON. Only grows; closed once.
CREATE TABLE adult_concern_steps (
    id         INTEGER PRIMARY KEY,
    concern_id TEXT    NOT NULL REFERENCES adult_concerns(id),
    step       TEXT    NOT NULL CHECK (step IN ('lado', 'decision', 'closed')),
    answers    TEXT    NOT NULL,
    by_staff   INTEGER NOT NULL REFERENCES staff(id),
    at_ms      INTEGER NOT NULL
);
CREATE INDEX adult_concern_steps_by_concern ON adult_concern_steps (concern_id, id);
CREATE UNIQUE INDEX adult_concern_closed_once ON adult_concern_steps (concern_id) WHERE step = 'closed';

CREATE TRIGGER adult_concerns_no_update BEFORE UPDATE ON adult_concerns
BEGIN SELECT RAISE(ABORT, 'a concern about an adult is never rewritten'); END;
CREATE TRIGGER adult_concerns_no_delete BEFORE DELETE ON adult_concerns
BEGIN SELECT RAISE(ABORT, 'a concern about an adult is never rewritten'); END;
CREATE TRIGGER adult_concern_steps_no_update BEFORE UPDATE ON adult_concern_steps
BEGIN SELECT RAISE(ABORT, 'a concern about an adult is never rewritten'); END;
CREATE TRIGGER adult_concern_steps_no_delete BEFORE DELETE ON adult_concern_steps
BEGIN SELECT RAISE(ABORT, 'a concern about an adult is never rewritten'); END;
