package io.chatmedia.process.natives;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Loads the FFmpeg and OpenCV natives (from their Maven artifacts, extracted once per machine under
 * {@code chatmedia.natives.cache-dir}, default {@code ~/.cache/chatmedia/natives}, and reused by every data dir and
 * start) at
 * start, so the first request is not the one that pays for it, and sets FFmpeg's own log level to errors only. The
 * engines that call them are declared {@code @DependsOn(NativeLibraries.BEAN)}.
 *
 * <p>A native library that cannot be loaded stops the start with JavaCPP's error.
 */
@Component(NativeLibraries.BEAN)
public class NativeLibraries {

    /** The bean name engines depend on. */
    public static final String BEAN = "nativeLibraries";

    private static final Logger log = LoggerFactory.getLogger(NativeLibraries.class);

    NativeLibraries(@Value("${chatmedia.natives.cache-dir:${user.home}/.cache/chatmedia/natives}") Path cacheDir) {
        loadFfmpeg(cacheDir);
        loadOpenCv();
    }

    /** Idempotent; the cache folder only counts the first time in a JVM. */
    public static synchronized void loadFfmpeg(Path cacheDir) {
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j"); // JavaCPP's messages as log lines, not stderr
        }
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty(
                    "org.bytedeco.javacpp.cachedir", cacheDir.toAbsolutePath().toString());
        }
        long start = System.nanoTime();
        Loader.load(avformat.class);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        log.info(
                "FFmpeg {} natives loaded in {} ms",
                avformat.avformat_version() >> 16,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Idempotent: OpenCV's image processing and codecs (and the OpenBLAS they link). */
    public static synchronized void loadOpenCv() {
        long start = System.nanoTime();
        Loader.load(opencv_imgproc.class);
        Loader.load(opencv_imgcodecs.class);
        log.info("OpenCV natives loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
