package io.chatmedia.process.natives;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads the FFmpeg and OpenCV natives (from their Maven artifacts, extracted once per machine under
 * {@code chatmedia.natives.cache-dir}, default {@code ~/.cache/chatmedia/natives}, and reused by every data dir and
 * start) on a background thread started with the application, so the first request is not the one that pays for it
 * and the rest of the start does not wait for it (loading took 3–7 s of a 11–14 s start). Sets FFmpeg's own log level
 * to errors only.
 *
 * <p>Once FFmpeg's are loaded, a second thread runs the engines' {@link NativesWarmup}s (the first use of their code
 * paths) while OpenCV's load, so that the first requests after a start cost what later ones do. Until {@link #loaded()} completes, readiness is DOWN ({@link NativesHealth}) and processing jobs wait for it
 * (the worker pool, bounded by the processing deadline); serving and uploads that decode nothing work at once. A
 * native library that cannot be loaded is logged with JavaCPP's error, {@link #loaded()} completes exceptionally
 * (jobs answer 503), readiness stays DOWN naming the error, and liveness turns BROKEN so an orchestrator restarts the
 * node.
 */
@Component(NativeLibraries.BEAN)
@Lazy(false) // starts loading with the application, even under spring.main.lazy-initialization
public class NativeLibraries {

    /** The bean name. */
    public static final String BEAN = "nativeLibraries";

    private static final Logger log = LoggerFactory.getLogger(NativeLibraries.class);

    /** The warm-ups that ran in this JVM. */
    private static final Set<Class<?>> WARMED = ConcurrentHashMap.newKeySet();

    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    NativeLibraries(
            @Value("${chatmedia.natives.cache-dir:${user.home}/.cache/chatmedia/natives}") Path cacheDir,
            List<NativesWarmup> warmups,
            ApplicationEventPublisher events) {
        useCacheDir(cacheDir);
        Thread loader = new Thread(
                () -> {
                    try {
                        loadFfmpeg(cacheDir);
                        // the warm-ups use FFmpeg: they run beside OpenCV's loading (the longer part), not after it
                        Thread warming = new Thread(() -> warmups.forEach(NativeLibraries::warm), "natives-warmup");
                        warming.setDaemon(true);
                        warming.start();
                        loadOpenCv();
                        warming.join();
                        loaded.complete(null);
                    } catch (Throwable e) { // UnsatisfiedLinkError and friends are Errors
                        log.error("the media natives could not be loaded: processing answers 503", e);
                        loaded.completeExceptionally(e);
                        AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
                    }
                },
                "natives-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * Says again that the node is broken when the natives failed before the application was ready: Spring Boot's own
     * liveness CORRECT, published when it is ready, would otherwise hide the failure from the orchestrator.
     */
    @EventListener(ApplicationReadyEvent.class)
    void republishFailure(ApplicationReadyEvent ready) {
        if (loaded.isCompletedExceptionally()) {
            AvailabilityChangeEvent.publish(ready.getApplicationContext(), this, LivenessState.BROKEN);
        }
    }

    /** Completes once both libraries are loaded; exceptionally with the loader's error when one cannot be. */
    public Future<Void> loaded() {
        return loaded;
    }

    /**
     * Runs a warm-up once per JVM: what it warms (loaded classes, compiled code, the codecs' tables) is the JVM's, so
     * a second application context in the same JVM (tests, a restart of the context) does not wait for it again.
     */
    private static void warm(NativesWarmup warmup) {
        if (WARMED.contains(warmup.getClass())) {
            return;
        }
        long start = System.nanoTime();
        try {
            warmup.warm();
            WARMED.add(warmup.getClass());
            log.info("{} warmed up in {} ms", warmup.name(), (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            log.warn("warming up {} failed; the first requests pay for it", warmup.name(), e);
        }
    }

    /** Idempotent; the cache folder only counts the first time in a JVM. */
    public static synchronized void loadFfmpeg(Path cacheDir) {
        useCacheDir(cacheDir);
        long start = System.nanoTime();
        Loader.load(avformat.class);
        Loader.load(swscale.class); // covers convert with it: not the first cover's cost
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

    private static synchronized void useCacheDir(Path cacheDir) {
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j"); // JavaCPP's messages as log lines, not stderr
        }
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty(
                    "org.bytedeco.javacpp.cachedir", cacheDir.toAbsolutePath().toString());
        }
    }
}
