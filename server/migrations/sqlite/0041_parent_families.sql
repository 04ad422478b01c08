-- A family's children in one parent's sign-in: a parent with two children at the school types
-- the second child's code into the session the first opened, and that child is added here. The
-- session's own `pupil_id` stays the child it was opened for; a session reads only the children
-- it names, and ending the session (signing out, idle, a new letter for any of its children)
-- removes its rows with it.
CREATE TABLE parent_session_children (
    session_sha256 BLOB    NOT NULL REFERENCES parent_sessions(id_sha256) ON DELETE CASCADE,
    pupil_id       INTEGER NOT NULL REFERENCES pupils(id),
    added_at_ms    INTEGER NOT NULL,
    PRIMARY KEY (session_sha256, pupil_id)
);
CREATE INDEX parent_session_children_by_pupil ON parent_session_children (pupil_id);
