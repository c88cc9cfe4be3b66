-- One row per stored media object. Portable SQL: runs unchanged on SQLite and PostgreSQL.
CREATE TABLE media (
    id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    owner_id       VARCHAR(128)  NOT NULL,
    owner_role     VARCHAR(16)   NOT NULL,
    store          VARCHAR(32)   NOT NULL,
    storage_key    VARCHAR(1024) NOT NULL,
    original_name  VARCHAR(255),
    content_type   VARCHAR(255)  NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    size           BIGINT        NOT NULL,
    sha256         CHAR(64)      NOT NULL,
    created_at     BIGINT        NOT NULL,
    image_class_id BIGINT        NOT NULL DEFAULT 0,
    width          INTEGER,
    height         INTEGER,
    duration_ms    BIGINT,
    rotation       INTEGER
);

CREATE UNIQUE INDEX media_store_key ON media (store, storage_key);
CREATE INDEX media_owner ON media (owner_id, created_at);
CREATE INDEX media_sha256 ON media (sha256);
