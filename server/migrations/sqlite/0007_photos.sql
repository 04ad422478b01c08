-- Photos of the school's trusted adults, uploaded by an admin and shown to pupils on tablets.
-- Immutable: a new photo is a new row.
CREATE TABLE photos (
    id            INTEGER PRIMARY KEY,
    content_type  TEXT    NOT NULL,
    bytes         BLOB    NOT NULL,
    created_at_ms INTEGER NOT NULL
);
