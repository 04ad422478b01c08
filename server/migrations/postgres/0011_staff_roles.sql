-- Issue 8: the 'governor' and 'trust' roles (see sqlite/0011_staff_roles.sql). PostgreSQL can
-- change a CHECK in place; `staff_role_check` is the name PostgreSQL gave 0010's column check.
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
    CHECK (role IN ('dsl', 'teacher', 'admin', 'governor', 'trust'));
