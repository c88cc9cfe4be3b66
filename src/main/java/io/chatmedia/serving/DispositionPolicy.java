package io.chatmedia.serving;

import java.util.Locale;

/**
 * What may be shown inline: raster images, video and audio. Everything else (HTML, SVG, XML, PDF, scripts,
 * unknown types) is a download, sandboxed, so an uploaded page can never run on this server's origin.
 */
final class DispositionPolicy {

    private DispositionPolicy() {}

    static boolean inline(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return !type.contains("svg") && !type.contains("xml");
        }
        return type.startsWith("video/") || type.startsWith("audio/");
    }
}
