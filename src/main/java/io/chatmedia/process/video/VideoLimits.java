package io.chatmedia.process.video;

/**
 * What ChatMedia agrees to decode: a stream whose header claims more pixels than this (or a side longer) is refused
 * before a single frame is decoded, as a decompression bomb.
 */
record VideoLimits(int maxSide, long maxPixels) {

    static final VideoLimits DEFAULT = new VideoLimits(8192, 8192L * 4320);
}
