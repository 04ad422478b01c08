-- Staff sign-in with the school's Microsoft or Google account (OpenID Connect).
--
-- `sign_in_provider`: the one provider the admin set up (no row: the button is not shown). The
-- client secret is sealed under a key derived from the server's key, like two-step secrets, and
-- is never sent back to anyone. Who changed it last and when; each change is also audited.
CREATE TABLE sign_in_provider (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    issuer               TEXT    NOT NULL,
    client_id            TEXT    NOT NULL,
    client_secret_sealed BLOB    NOT NULL,
    changed_at_ms        INTEGER NOT NULL,
    changed_by           INTEGER NOT NULL REFERENCES staff(id)
);

-- Sign-ins under way, a few minutes each: from the button to the provider's answer (the state,
-- nonce and PKCE verifier that answer must match), and for an account with two-step sign-in on
-- to its code (`staff_id`: the account the provider vouched for). The browser holds only a random
-- id whose SHA-256 is the key; each row is used once. No token from the provider is kept.
CREATE TABLE sign_ins_under_way (
    flow_sha256   BLOB    PRIMARY KEY,
    csrf_state    TEXT    NOT NULL,
    nonce         TEXT    NOT NULL,
    pkce_verifier TEXT    NOT NULL,
    staff_id      INTEGER REFERENCES staff(id) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX sign_ins_under_way_by_age ON sign_ins_under_way (created_at_ms);
