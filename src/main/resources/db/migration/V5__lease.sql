-- Leases: which node may do a piece of work now (compute one derived result, run one sweep), across every node on
-- this database. expires_at is epoch milliseconds on the database's own clock: nodes never compare it with theirs.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.
CREATE TABLE lease (
    name       VARCHAR(64)  NOT NULL,
    lease_key  VARCHAR(512) NOT NULL,
    owner      VARCHAR(128) NOT NULL,
    token      VARCHAR(64)  NOT NULL,
    expires_at BIGINT       NOT NULL,
    PRIMARY KEY (name, lease_key)
);
