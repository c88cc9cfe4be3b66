package io.chatmedia.screenshot;

import io.chatmedia.media.Media;

/**
 * A grabbed frame, stored and recorded.
 *
 * @param image the encoded image
 * @param width its width in pixels
 * @param media the media item it was recorded as
 */
public record Screenshot(byte[] image, int width, Media media) {}
