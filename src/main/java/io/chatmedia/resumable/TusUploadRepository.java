package io.chatmedia.resumable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code resumable_upload} table. Every time is the database's clock ({@code NOW} below), so that nodes whose
 * clocks differ still agree on expiry and on claims. A claim is a conditional UPDATE: a request that wants to write
 * an upload sets its own token and a deadline on the row, and gets it only when no other live claim is there; every
 * progress write names the token, so a request whose claim was taken over can no longer write.
 */
@Repository
class TusUploadRepository {

    private static final String COLUMNS = "id, owner_id, owner_role, store, storage_key, upload_length, max_length,"
            + " upload_offset, metadata, filename, store_state, created_at, expires_at, media_id,"
            + " unverified";

    private final JdbcClient jdbc;
    /** The database's clock in epoch milliseconds, as an SQL expression of its dialect. */
    private final String now;

    TusUploadRepository(JdbcClient jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        this.now = nowExpression(dataSource);
    }

    private static String nowExpression(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (product.toLowerCase().contains("sqlite")) {
                return "CAST((julianday('now') - 2440587.5) * 86400000.0 AS BIGINT)";
            }
            return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
        }
    }

    /** Inserts a new upload; created and expiry times are set by the database. */
    void insert(TusUpload upload, long expiryMillis) {
        jdbc.sql("INSERT INTO resumable_upload (" + COLUMNS + ") VALUES (:id, :ownerId, :ownerRole, :store, :key,"
                        + " :length, :maxLength, 0, :metadata, :filename, :storeState, " + now + ", "
                        + now + " + :expiry, NULL, FALSE)")
                .param("id", upload.id())
                .param("ownerId", upload.ownerId())
                .param("ownerRole", upload.ownerRole())
                .param("store", upload.store())
                .param("key", upload.storageKey())
                .param("length", upload.length())
                .param("maxLength", upload.maxLength())
                .param("metadata", upload.metadata())
                .param("filename", upload.filename())
                .param("storeState", upload.storeState())
                .param("expiry", expiryMillis)
                .update();
    }

    Optional<TusUpload> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + ", " + now + " AS db_now FROM resumable_upload WHERE id = :id")
                .param("id", id)
                .query(ROW)
                .optional();
    }

    /** Unfinished, unexpired uploads of one owner. */
    long countPending(String ownerId) {
        return jdbc.sql("SELECT COUNT(*) FROM resumable_upload WHERE owner_id = :owner AND media_id IS NULL"
                        + " AND expires_at > " + now)
                .param("owner", ownerId)
                .query(Long.class)
                .single();
    }

    /** Takes the upload for one request; @return false when another request holds a live claim on it */
    boolean claim(String id, String token, long ttlMillis) {
        return jdbc.sql("UPDATE resumable_upload SET claim_token = :token, claimed_until = " + now + " + :ttl"
                                + " WHERE id = :id AND (claim_token IS NULL OR claimed_until < " + now + ")")
                        .param("token", token)
                        .param("ttl", ttlMillis)
                        .param("id", id)
                        .update()
                > 0;
    }

    /**
     * Takes the caller's own upload for one request and reads it, in one statement.
     *
     * @return the row as claimed; empty when there is no such upload of this owner or another request holds a live
     *     claim on it (then {@link #find} tells which)
     */
    Optional<TusUpload> claimOwn(String id, String ownerId, String token, long ttlMillis) {
        return jdbc.sql("UPDATE resumable_upload SET claim_token = :token, claimed_until = " + now + " + :ttl"
                        + " WHERE id = :id AND owner_id = :owner AND (claim_token IS NULL OR claimed_until < " + now
                        + ") RETURNING " + COLUMNS + ", " + now + " AS db_now")
                .param("token", token)
                .param("ttl", ttlMillis)
                .param("id", id)
                .param("owner", ownerId)
                .query(ROW)
                .optional();
    }

    /** Extends a claim; @return false when it was lost (taken over after it lapsed) */
    boolean renew(String id, String token, long ttlMillis) {
        return jdbc.sql("UPDATE resumable_upload SET claimed_until = " + now + " + :ttl"
                                + " WHERE id = :id AND claim_token = :token")
                        .param("ttl", ttlMillis)
                        .param("id", id)
                        .param("token", token)
                        .update()
                > 0;
    }

    /** Records progress under a claim (and extends the claim); @return false when the claim was lost */
    boolean saveProgress(String id, String token, long offset, String storeState, Long length, long ttlMillis) {
        // digest_state: written by earlier versions only; cleared so that none of them resumes from a stale one
        return jdbc.sql("UPDATE resumable_upload SET upload_offset = :offset, store_state = :storeState,"
                                + " upload_length = :length, digest_state = NULL, claimed_until = " + now
                                + " + :ttl WHERE id = :id AND claim_token = :token")
                        .param("offset", offset)
                        .param("storeState", storeState)
                        .param("length", length)
                        .param("ttl", ttlMillis)
                        .param("id", id)
                        .param("token", token)
                        .update()
                > 0;
    }

    /**
     * Records a request's last progress and lets the upload go, in one statement (the bytes are verified by then).
     *
     * @return false when the claim was lost
     */
    boolean saveProgressAndRelease(String id, String token, long offset, String storeState, Long length) {
        return jdbc.sql("UPDATE resumable_upload SET upload_offset = :offset, store_state = :storeState,"
                                + " upload_length = :length, digest_state = NULL, unverified = FALSE,"
                                + " claim_token = NULL, claimed_until = NULL WHERE id = :id AND claim_token = :token")
                        .param("offset", offset)
                        .param("storeState", storeState)
                        .param("length", length)
                        .param("id", id)
                        .param("token", token)
                        .update()
                > 0;
    }

    /** Marks (or clears) the bytes past the offset as unverified, under a claim. */
    void markUnverified(String id, String token, boolean unverified) {
        jdbc.sql("UPDATE resumable_upload SET unverified = :unverified WHERE id = :id AND claim_token = :token")
                .param("unverified", unverified)
                .param("id", id)
                .param("token", token)
                .update();
    }

    void release(String id, String token) {
        jdbc.sql("UPDATE resumable_upload SET claim_token = NULL, claimed_until = NULL"
                        + " WHERE id = :id AND claim_token = :token")
                .param("id", id)
                .param("token", token)
                .update();
    }

    boolean markComplete(String id, String token, String mediaId) {
        return jdbc.sql("UPDATE resumable_upload SET media_id = :media, claim_token = NULL, claimed_until = NULL,"
                                + " store_state = '' WHERE id = :id AND claim_token = :token")
                        .param("media", mediaId)
                        .param("id", id)
                        .param("token", token)
                        .update()
                > 0;
    }

    boolean delete(String id, String token) {
        return jdbc.sql("DELETE FROM resumable_upload WHERE id = :id AND claim_token = :token")
                        .param("id", id)
                        .param("token", token)
                        .update()
                > 0;
    }

    /**
     * Claims up to {@code limit} expired uploads that no live request holds, for one sweep: safe with many nodes
     * sweeping at once (the conditions are repeated on the updated row, so two sweeps never claim the same one).
     */
    List<TusUpload> claimExpired(String token, long ttlMillis, int limit) {
        String free = "expires_at < " + now + " AND (claim_token IS NULL OR claimed_until < " + now + ")";
        jdbc.sql("UPDATE resumable_upload SET claim_token = :token, claimed_until = " + now + " + :ttl"
                        + " WHERE id IN (SELECT id FROM resumable_upload WHERE " + free + " LIMIT " + limit + ") AND "
                        + free)
                .param("token", token)
                .param("ttl", ttlMillis)
                .update();
        return jdbc.sql("SELECT " + COLUMNS + ", " + now
                        + " AS db_now FROM resumable_upload WHERE claim_token = :token")
                .param("token", token)
                .query(ROW)
                .list();
    }

    private static final RowMapper<TusUpload> ROW = (rs, row) -> {
        long length = rs.getLong("upload_length");
        Long lengthValue = rs.wasNull() ? null : length;
        long expiresAt = rs.getLong("expires_at");
        return new TusUpload(
                rs.getString("id"),
                rs.getString("owner_id"),
                rs.getString("owner_role"),
                rs.getString("store"),
                rs.getString("storage_key"),
                lengthValue,
                rs.getLong("max_length"),
                rs.getLong("upload_offset"),
                rs.getString("metadata"),
                rs.getString("filename"),
                rs.getString("store_state"),
                rs.getLong("created_at"),
                expiresAt,
                expiresAt <= rs.getLong("db_now"),
                rs.getString("media_id"),
                rs.getBoolean("unverified"));
    };
}
