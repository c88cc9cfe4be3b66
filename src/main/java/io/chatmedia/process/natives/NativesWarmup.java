package io.chatmedia.process.natives;

/**
 * Work run once in the background after FFmpeg's natives are loaded (while OpenCV's may still be loading) and before
 * readiness turns UP ({@link NativeLibraries#loaded()} completes after it): the first use of an engine's code paths (class loading,
 * JavaCPP's libraries, codec tables, the code pages of a codec), so that the first requests after a start do not pay
 * for it. It runs in the background, beside the rest of the start. A warm-up that fails is logged and skipped: it never
 * fails the start nor the natives.
 */
public interface NativesWarmup {

    /** What it warms, for the log. */
    String name();

    /** @throws Exception anything: logged, and the start goes on */
    void warm() throws Exception;
}
