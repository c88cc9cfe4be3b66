package io.chatmedia.media;

/**
 * Published before a media item's blob and row are removed, so whatever derived results exist for it
 * (covers, thumbnails) are removed with it. Listeners run synchronously; a listener that throws stops the delete.
 */
public record MediaDeleted(Media media) {}
