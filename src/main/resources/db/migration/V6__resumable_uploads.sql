-- Unfinished (and recently finished) resumable uploads (tus). Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are epoch milliseconds of the database's own clock, so that every node judges expiry and claims alike.
CREATE TABLE resumable_upload (
    id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    owner_id      VARCHAR(128)  NOT NULL,
    owner_role    VARCHAR(16)   NOT NULL,
    store         VARCHAR(32)   NOT NULL,
    storage_key   VARCHAR(1024) NOT NULL,
    upload_length BIGINT,
    max_length    BIGINT        NOT NULL,
    upload_offset BIGINT        NOT NULL DEFAULT 0,
    metadata      VARCHAR(4096),
    filename      VARCHAR(255),
    store_state   TEXT          NOT NULL,
    digest_state  TEXT,
    created_at    BIGINT        NOT NULL,
    expires_at    BIGINT        NOT NULL,
    claim_token   VARCHAR(64),
    claimed_until BIGINT,
    -- set while a PATCH with Upload-Checksum writes: bytes past the offset are unverified, and a process that dies
    -- meanwhile leaves them to be discarded rather than counted in
    unverified    BOOLEAN       NOT NULL DEFAULT FALSE,
    media_id      VARCHAR(64)
);

CREATE INDEX resumable_upload_owner ON resumable_upload (owner_id, media_id);
CREATE INDEX resumable_upload_expiry ON resumable_upload (expires_at);
