package io.chatmedia.process.image;

import io.chatmedia.process.video.FFmpegNatives;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads the OpenCV natives (and the OpenBLAS they link) at start, into the same cache folder as FFmpeg's, so the first
 * image request does not pay for it. Everything that calls OpenCV takes this as a dependency.
 */
@Component
public class ImageNatives {

    private static final Logger log = LoggerFactory.getLogger(ImageNatives.class);

    public ImageNatives(FFmpegNatives ffmpeg) {
        load();
    }

    /** Idempotent. */
    public static synchronized void load() {
        long start = System.nanoTime();
        Loader.load(opencv_imgproc.class);
        Loader.load(opencv_imgcodecs.class);
        log.info("OpenCV natives loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
