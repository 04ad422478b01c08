-- Two-step sign-in (TOTP, RFC 6238) for staff, chiefly DSLs. The secret is set when someone
-- starts setting it up and counts only once they have proved it with a code.
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_enabled_at_ms INTEGER;
-- The last 30-second step a code was accepted for: a code can't be used twice.
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
