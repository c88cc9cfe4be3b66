package io.chatmedia.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The media table, in SQL that runs unchanged on SQLite and PostgreSQL. Failures surface as Spring's
 * {@code DataAccessException}s; an insert that clashes with an existing id or (store, key) is a
 * {@code DuplicateKeyException} and writes nothing.
 */
@Repository
public class MediaRepository {

    private static final String COLUMNS = "id, owner_id, owner_role, store, storage_key, original_name, content_type,"
            + " kind, size, sha256, created_at, image_class_id, width, height, duration_ms, rotation,"
            + " video_codec, audio_codec, bitrate, fps, has_audio, animated, frame_count, sample_rate, channels, waveform,"
            + " blurhash";

    private static final RowMapper<Media> ROW = MediaRepository::map;

    private final JdbcClient jdbc;

    public MediaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Media media) {
        try {
            doInsert(media);
        } catch (DataAccessException e) {
            if (isSqliteUniqueViolation(e)) {
                throw new DuplicateKeyException(
                        "media " + media.id() + " or " + media.store() + ":" + media.storageKey() + " exists already",
                        e.getMostSpecificCause());
            }
            throw e;
        }
    }

    /**
     * Spring knows no SQLite error codes: SQLite reports every constraint failure as code 19 with no SQL state, so a
     * clash on the primary key or a unique index arrives as an {@code UncategorizedSQLException}.
     */
    private static boolean isSqliteUniqueViolation(DataAccessException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                        || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
            }
        }
        return false;
    }

    private void doInsert(Media media) {
        jdbc.sql("INSERT INTO media (" + COLUMNS + ") VALUES (:id, :ownerId, :ownerRole, :store, :storageKey,"
                        + " :originalName, :contentType, :kind, :size, :sha256, :createdAt, :imageClassId,"
                        + " :width, :height, :durationMs, :rotation, :videoCodec, :audioCodec, :bitrate, :fps, :hasAudio, :animated, :frameCount,"
                        + " :sampleRate, :channels, :waveform, :blurhash)")
                .param("id", media.id())
                .param("ownerId", media.ownerId())
                .param("ownerRole", media.ownerRole())
                .param("store", media.store())
                .param("storageKey", media.storageKey())
                .param("originalName", media.originalName())
                .param("contentType", media.contentType())
                .param("kind", media.kind().label())
                .param("size", media.size())
                .param("sha256", media.sha256())
                .param("createdAt", media.createdAt().toEpochMilli())
                .param("imageClassId", media.imageClassId())
                .param("width", media.width())
                .param("height", media.height())
                .param("durationMs", media.durationMs())
                .param("rotation", media.rotation())
                .param(
                        "videoCodec",
                        media.probe() == null ? null : media.probe().videoCodec())
                .param(
                        "audioCodec",
                        media.probe() == null ? null : media.probe().audioCodec())
                .param("bitrate", media.probe() == null ? null : media.probe().bitrate())
                .param("fps", media.probe() == null ? null : media.probe().fps())
                .param("hasAudio", media.probe() == null ? null : media.probe().hasAudio())
                .param("animated", media.probe() == null ? null : media.probe().animated())
                .param(
                        "frameCount",
                        media.probe() == null ? null : media.probe().frameCount())
                .param(
                        "sampleRate",
                        media.probe() == null ? null : media.probe().sampleRate())
                .param("channels", media.probe() == null ? null : media.probe().channels())
                .param(
                        "waveform",
                        media.probe() == null
                                ? null
                                : Waveforms.format(media.probe().waveform()))
                .param("blurhash", media.probe() == null ? null : media.probe().blurhash())
                .update();
    }

    /** Records what the probe at upload found. @return whether the row exists */
    public boolean updateProbe(Media media) {
        Media.Probe probe = media.probe();
        return jdbc.sql("UPDATE media SET width = :width, height = :height, duration_ms = :durationMs,"
                                + " rotation = :rotation, video_codec = :videoCodec, audio_codec = :audioCodec,"
                                + " bitrate = :bitrate, fps = :fps, has_audio = :hasAudio, animated = :animated,"
                                + " frame_count = :frameCount, sample_rate = :sampleRate, channels = :channels,"
                                + " waveform = :waveform, blurhash = :blurhash WHERE id = :id")
                        .param("id", media.id())
                        .param("width", media.width())
                        .param("height", media.height())
                        .param("durationMs", media.durationMs())
                        .param("rotation", media.rotation())
                        .param("videoCodec", probe == null ? null : probe.videoCodec())
                        .param("audioCodec", probe == null ? null : probe.audioCodec())
                        .param("bitrate", probe == null ? null : probe.bitrate())
                        .param("fps", probe == null ? null : probe.fps())
                        .param("hasAudio", probe == null ? null : probe.hasAudio())
                        .param("animated", probe == null ? null : probe.animated())
                        .param("frameCount", probe == null ? null : probe.frameCount())
                        .param("sampleRate", probe == null ? null : probe.sampleRate())
                        .param("channels", probe == null ? null : probe.channels())
                        .param("waveform", probe == null ? null : Waveforms.format(probe.waveform()))
                        .param("blurhash", probe == null ? null : probe.blurhash())
                        .update()
                > 0;
    }

    public Optional<Media> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM media WHERE id = :id")
                .param("id", id)
                .query(ROW)
                .optional();
    }

    public Optional<Media> findByStoreKey(String store, String storageKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM media WHERE store = :store AND storage_key = :key")
                .param("store", store)
                .param("key", storageKey)
                .query(ROW)
                .optional();
    }

    /** The row of an object under {@code storageKey} in any store (keys are random, so at most one). */
    public Optional<Media> findByKey(String storageKey) {
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM media WHERE storage_key = :key")
                .param("key", storageKey)
                .query(ROW)
                .list()
                .stream()
                .findFirst();
    }

    /** @return whether a row was removed */
    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM media WHERE id = :id").param("id", id).update() > 0;
    }

    /** How many rows there are; for tests and metrics. */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM media").query(Long.class).single();
    }

    private static Media map(ResultSet rs, int row) throws SQLException {
        return new Media(
                rs.getString("id"),
                rs.getString("owner_id"),
                rs.getString("owner_role"),
                rs.getString("store"),
                rs.getString("storage_key"),
                rs.getString("original_name"),
                rs.getString("content_type"),
                MediaKind.fromLabel(rs.getString("kind")),
                rs.getLong("size"),
                rs.getString("sha256"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getLong("image_class_id"),
                nullableInt(rs, "width"),
                nullableInt(rs, "height"),
                nullableLong(rs, "duration_ms"),
                nullableInt(rs, "rotation"),
                probe(rs));
    }

    private static Media.Probe probe(ResultSet rs) throws SQLException {
        String video = rs.getString("video_codec");
        String audio = rs.getString("audio_codec");
        Long bitrate = nullableLong(rs, "bitrate");
        double fps = rs.getDouble("fps");
        Double fpsValue = rs.wasNull() ? null : fps;
        boolean hasAudio = rs.getBoolean("has_audio");
        Boolean hasAudioValue = rs.wasNull() ? null : hasAudio;
        boolean animated = rs.getBoolean("animated");
        Boolean animatedValue = rs.wasNull() ? null : animated;
        Integer frames = nullableInt(rs, "frame_count");
        Integer sampleRate = nullableInt(rs, "sample_rate");
        Integer channels = nullableInt(rs, "channels");
        String waveform = rs.getString("waveform");
        String blurhash = rs.getString("blurhash");
        if (video == null
                && audio == null
                && bitrate == null
                && fpsValue == null
                && hasAudioValue == null
                && animatedValue == null
                && frames == null
                && blurhash == null) {
            return null;
        }
        return new Media.Probe(
                video,
                audio,
                bitrate,
                fpsValue,
                hasAudioValue,
                animatedValue,
                frames,
                sampleRate,
                channels,
                Waveforms.parse(waveform),
                blurhash);
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
