package io.chatmedia.process.video;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.Placeholders;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * ChatMedia's video side: covers ({@code video/snapshot}), the seed's screenshots, media info ({@code video/info},
 * {@code audio/info}) and the probe at upload. Sources are read only through the stores' ranged reads.
 */
@Component
public class VideoEngine {

    private final VideoReader reader;
    private final CoverRenderer covers;
    private final WorkerPool pool;

    /**
     * @param maxJobMemory {@code chatmedia.process.video.max-job-memory}: the native memory one video job (a cover, a
     *                     screenshot, the placeholder at upload) may use, estimated from the header before decoding
     *                     ({@link VideoMemory}); a job needing more is a 400 naming it. Jobs run on the worker pool, so
     *                     the node's worst case is the worker count times this.
     * @param maxFrameSize {@code chatmedia.process.video.max-frame-size}: the most bytes read from the source for one
     *                     decoded frame (one FFmpeg decode call, which no deadline can interrupt, takes time in
     *                     proportion); a video with a larger frame is a 400 naming it.
     */
    VideoEngine(
            WorkerPool pool,
            @Value("${chatmedia.process.video.max-job-memory:640MB}") DataSize maxJobMemory,
            @Value("${chatmedia.process.video.max-frame-size:4MB}") DataSize maxFrameSize) {
        this.pool = pool;
        this.reader = new VideoReader(
                VideoLimits.DEFAULT.withMaxJobBytes(maxJobMemory.toBytes()).withMaxFrameBytes(maxFrameSize.toBytes()));
        this.covers = new CoverRenderer(reader);
    }

    /** A screenshot's image and the width it has. */
    public record Screenshot(byte[] image, int width) {}

    /**
     * The cover {@code spec} asks for, encoded; called on a worker.
     *
     * @throws ApiException 400 when the file is not a readable video or the size asked for is larger than it
     */
    byte[] cover(BlobStore store, String key, long size, SnapshotSpec spec) throws IOException {
        return covers.render(store, key, size, spec);
    }

    /**
     * The seed's getVideoScreenshot: the frame at {@code timeMs} (exact), {@code width} px wide (never wider than the
     * video: a narrow video keeps its own width), not cached (each answer is stored as a new file, as the seed did).
     *
     * @return the encoded image
     * @throws ApiException 400 when the file is not a readable video
     */
    public Screenshot screenshot(BlobStore store, String key, long size, long timeMs, int width, String format)
            throws IOException {
        return pool.run(() -> {
            try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size);
                    VideoInput input = reader.open(source)) {
                VideoHeader header = input.header();
                if (!header.hasVideo() || header.codedWidth() <= 0) {
                    throw ApiException.badRequest("the file has no video stream");
                }
                int actualWidth = Math.min(width, header.width());
                SnapshotSpec spec = new SnapshotSpec(timeMs, false, actualWidth, 0, format, "auto");
                return new Screenshot(covers.render(input, spec, key, size), actualWidth);
            }
        });
    }

    /** What the headers say, for the probe at upload; runs on the worker pool. */
    public VideoHeader probe(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> {
            try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size)) {
                return reader.header(source);
            }
        });
    }

    /**
     * The BlurHash placeholder of the video's cover (its first keyframe, upright), from a frame FFmpeg scales to at
     * most 32 px a side; on a worker. Null when the file has no picture.
     */
    public String placeholder(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> {
            try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size);
                    VideoInput input = reader.open(source)) {
                VideoHeader header = input.header();
                if (!header.hasVideo() || header.codedWidth() <= 0) {
                    return null;
                }
                double scale = 32.0 / Math.max(header.codedWidth(), header.codedHeight());
                int width = Math.max(1, (int) Math.round(header.codedWidth() * scale));
                int height = Math.max(1, (int) Math.round(header.codedHeight() * scale));
                BufferedImage frame = reader.frame(input, header, 0, true, width, height, "the upload's placeholder");
                return Placeholders.blurhash(CoverRenderer.rotate(frame, header.rotation()));
            }
        });
    }

    /**
     * {@code video/info} and {@code audio/info}: the probe in the ffprobe-like shape of Qiniu/Tencent avinfo; with
     * {@code audioOnly}, the audio stream alone.
     *
     * @throws ApiException 400 when the headers cannot be read
     */
    public Map<String, Object> info(BlobStore store, String key, long size, boolean audioOnly) throws IOException {
        return AvInfo.of(probe(store, key, size), size, audioOnly);
    }

    /** A frame rate as ffprobe writes it: {@code 25/1}, {@code 30000/1001}; {@code 0/0} when unknown. */
    static String rational(double fps) {
        if (!(fps > 0)) {
            return "0/0";
        }
        if (Math.abs(fps - Math.rint(fps)) < 1e-6) {
            return (long) Math.rint(fps) + "/1";
        }
        long ntsc = Math.round(fps * 1001);
        if (Math.abs(ntsc / 1001.0 - fps) < 1e-4 && ntsc % 1000 == 0) {
            return ntsc + "/1001";
        }
        return Math.round(fps * 1000) + "/1000";
    }

    /** The avinfo document. */
    static final class AvInfo {

        private AvInfo() {}

        static Map<String, Object> of(VideoHeader header, long size, boolean audioOnly) {
            Map<String, Object> format = new LinkedHashMap<>();
            format.put("format_name", header.format());
            format.put("duration", String.format(Locale.ROOT, "%.3f", header.durationMs() / 1000.0));
            format.put("size", Long.toString(size));
            format.put(
                    "bit_rate",
                    Long.toString(
                            header.bitrate() > 0
                                    ? header.bitrate()
                                    : header.durationMs() > 0 ? size * 8000 / header.durationMs() : 0));
            boolean withVideo = header.hasVideo() && !audioOnly;
            format.put("nb_streams", (withVideo ? 1 : 0) + (header.hasAudio() ? 1 : 0));
            List<Map<String, Object>> streams = new ArrayList<>();
            if (withVideo) {
                Map<String, Object> video = new LinkedHashMap<>();
                video.put("index", streams.size());
                video.put("codec_type", "video");
                video.put("codec_name", header.videoCodec());
                video.put("width", header.width());
                video.put("height", header.height());
                video.put("coded_width", header.codedWidth());
                video.put("coded_height", header.codedHeight());
                video.put("rotation", header.rotation());
                video.put("avg_frame_rate", rational(header.fps()));
                video.put("r_frame_rate", rational(header.fps()));
                video.put("duration", format.get("duration"));
                streams.add(video);
            }
            if (header.hasAudio()) {
                Map<String, Object> audio = new LinkedHashMap<>();
                audio.put("index", streams.size());
                audio.put("codec_type", "audio");
                audio.put("codec_name", header.audioCodec());
                audio.put("channels", header.audioChannels());
                audio.put("sample_rate", Integer.toString(header.sampleRate()));
                audio.put("duration", format.get("duration"));
                streams.add(audio);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("streams", streams);
            info.put("format", format);
            return info;
        }
    }
}
