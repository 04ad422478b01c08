-- The school's own news and guides for parents. An admin or the DSL writes them; parents see
-- those for their children's year groups (`years`: year groups joined by commas, as
-- `classes.year_group` writes them; empty for every family) from `published_on` (YYYY-MM-DD).
-- A post is never edited or deleted: taking one down stamps it, and it stays in the school's
-- history. Pictures are kept as uploaded (an image, checked by its first bytes), like the other
-- uploaded files.
CREATE TABLE school_post_pictures (
    id            INTEGER PRIMARY KEY,
    content_type  TEXT    NOT NULL,
    bytes         BLOB    NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES staff(id),
    created_at_ms INTEGER NOT NULL
);
CREATE TRIGGER school_post_pictures_no_update BEFORE UPDATE ON school_post_pictures
BEGIN SELECT RAISE(ABORT, 'pictures are kept as uploaded'); END;

CREATE TABLE school_posts (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL CHECK (kind IN ('news', 'guide')),
    title            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    picture_id       INTEGER REFERENCES school_post_pictures(id),
    picture_alt      TEXT,
    years            TEXT    NOT NULL,
    published_on     TEXT    NOT NULL,
    posted_by        INTEGER NOT NULL REFERENCES staff(id),
    posted_at_ms     INTEGER NOT NULL,
    taken_down_at_ms INTEGER,
    taken_down_by    INTEGER REFERENCES staff(id),
    -- A picture always has its description for parents who can't see it.
    CHECK ((picture_id IS NULL) = (picture_alt IS NULL)),
    CHECK ((taken_down_at_ms IS NULL) = (taken_down_by IS NULL))
);
CREATE INDEX school_posts_by_day ON school_posts (published_on, id);

-- Taking down, once, is the only change.
CREATE TRIGGER school_posts_kept BEFORE UPDATE ON school_posts
WHEN OLD.taken_down_at_ms IS NOT NULL
  OR NEW.kind IS NOT OLD.kind OR NEW.title IS NOT OLD.title OR NEW.body IS NOT OLD.body
  OR NEW.picture_id IS NOT OLD.picture_id OR NEW.picture_alt IS NOT OLD.picture_alt
  OR NEW.years IS NOT OLD.years OR NEW.published_on IS NOT OLD.published_on
  OR NEW.posted_by IS NOT OLD.posted_by OR NEW.posted_at_ms IS NOT OLD.posted_at_ms
BEGIN SELECT RAISE(ABORT, 'a post for parents is kept as written; it can only be taken down'); END;
CREATE TRIGGER school_posts_no_delete BEFORE DELETE ON school_posts
BEGIN SELECT RAISE(ABORT, 'a post for parents is kept as written; it can only be taken down'); END;
