-- Staff sign-in with the school's Microsoft or Google account (see
-- sqlite/0051_staff_sign_in_provider.sql).
CREATE TABLE sign_in_provider (
    id                   BIGINT PRIMARY KEY CHECK (id = 1),
    issuer               TEXT   NOT NULL,
    client_id            TEXT   NOT NULL,
    client_secret_sealed BYTEA  NOT NULL,
    changed_at_ms        BIGINT NOT NULL,
    changed_by           BIGINT NOT NULL REFERENCES staff(id)
);

CREATE TABLE sign_ins_under_way (
    flow_sha256   BYTEA  PRIMARY KEY,
    csrf_state    TEXT   NOT NULL,
    nonce         TEXT   NOT NULL,
    pkce_verifier TEXT   NOT NULL,
    staff_id      BIGINT REFERENCES staff(id) ON DELETE CASCADE,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX sign_ins_under_way_by_age ON sign_ins_under_way (created_at_ms);
