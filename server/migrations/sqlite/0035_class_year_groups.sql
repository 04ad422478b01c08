-- A class's year group, so each class sees its own year's lessons first: one year, or two for a
-- mixed-age class ("Year 3/4"), youngest in `year_group`. Classes made before this have neither
-- (NULL, "not known yet"): they keep their band and work as before until staff set the year.
-- The band stays: it is what reports, the pupil AUP and lesson records share, and it follows
-- the youngest year once one is set.
ALTER TABLE classes ADD COLUMN year_group TEXT
    CHECK (year_group IN ('nursery', 'reception', 'y1', 'y2', 'y3', 'y4', 'y5', 'y6'));
ALTER TABLE classes ADD COLUMN second_year_group TEXT
    CHECK (second_year_group IN ('nursery', 'reception', 'y1', 'y2', 'y3', 'y4', 'y5', 'y6'));
