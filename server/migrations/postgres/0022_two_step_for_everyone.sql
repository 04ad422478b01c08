-- Two-step sign-in is compulsory for DSLs, admins and trust accounts; the school chooses for
-- teachers and other staff. The old DSL setting is left in place, read by nothing: DSLs always
-- need two-step now, and a school's old choice for DSLs says nothing about its teachers.
ALTER TABLE school_settings ADD COLUMN require_teacher_two_step BOOLEAN NOT NULL DEFAULT FALSE;
-- The two-step secret, sealed (XSalsa20-Poly1305) under a key derived from the server's key,
-- which lives in another table: a copied staff table alone doesn't give the secrets. Plaintext
-- secrets in `totp_secret` are sealed into this column when the server starts, and cleared.
ALTER TABLE staff ADD COLUMN totp_secret_sealed BYTEA;
-- One-time recovery codes, for a lost phone: a keyed hash of each (HMAC under a key derived
-- from the server's key), never the code. A new set replaces the old; a used code stays, marked.
CREATE TABLE staff_recovery_codes (
    code_hash     BYTEA   PRIMARY KEY,
    staff_id      BIGINT  NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at_ms BIGINT  NOT NULL,
    used_at_ms    BIGINT
);
CREATE INDEX staff_recovery_codes_staff ON staff_recovery_codes(staff_id);
