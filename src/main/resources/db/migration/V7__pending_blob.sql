-- Blobs being written whose media row does not exist yet (an upload's intent). A row is inserted before the blob is
-- put and deleted in the transaction that inserts the media row (or after the blob is removed on failure), so a
-- process killed between the two leaves a row naming exactly what to remove. owner is the writing process's
-- incarnation; its liveness is the lease ('alive', owner). Portable SQL: runs unchanged on SQLite and PostgreSQL.
CREATE TABLE pending_blob (
    store       VARCHAR(32)   NOT NULL,
    storage_key VARCHAR(1024) NOT NULL,
    owner       VARCHAR(160)  NOT NULL,
    created_at  BIGINT        NOT NULL,
    PRIMARY KEY (store, storage_key)
);

CREATE INDEX pending_blob_owner ON pending_blob (owner);
