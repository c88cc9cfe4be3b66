package io.chatmedia.process.video;

import io.chatmedia.system.ChatMediaProperties;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads the FFmpeg natives (from the Maven artifact, extracted under {@code <data-dir>/natives}) at start, so the
 * first cover is not the one that pays for it, and sets FFmpeg's own log level to errors only.
 * Everything that calls FFmpeg takes this as a dependency.
 */
@Component
public class FFmpegNatives {

    private static final Logger log = LoggerFactory.getLogger(FFmpegNatives.class);

    public FFmpegNatives(ChatMediaProperties properties) {
        load(properties.dataDir().resolve("natives"));
    }

    /** Idempotent; the cache folder only counts the first time in a JVM. */
    static synchronized void load(Path cacheDir) {
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j"); // JavaCPP's messages as log lines, not stderr
        }
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty("org.bytedeco.javacpp.cachedir", cacheDir.toAbsolutePath().toString());
        }
        long start = System.nanoTime();
        Loader.load(avformat.class);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        log.info("FFmpeg {} natives loaded in {} ms", avformat.avformat_version() >> 16,
                (System.nanoTime() - start) / 1_000_000);
    }
}
