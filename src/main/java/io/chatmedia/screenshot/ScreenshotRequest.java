package io.chatmedia.screenshot;

/**
 * One frame to grab.
 *
 * @param videoUrl one of ChatMedia's own objects (its URL, its public URL or its bare key) or a URL to fetch
 * @param timeMs   where in the video, in milliseconds, at least 0
 * @param width    the image's width in pixels, at least 1 (a narrower video keeps its own width)
 * @param format   {@code png} or {@code jpg}
 */
public record ScreenshotRequest(String videoUrl, long timeMs, int width, String format) {}
