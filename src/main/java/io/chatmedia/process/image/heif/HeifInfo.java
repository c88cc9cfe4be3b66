package io.chatmedia.process.image.heif;

/**
 * What a HEIF/AVIF file's header says of its primary image.
 *
 * @param width    upright width: the grid's after its crop, sides swapped when {@code irot} turns it a quarter
 * @param height   upright height
 * @param hasAlpha whether an alpha plane is known to come with it: always false for now, as FFmpeg's mov demuxer
 *                 exposes an alpha item as one more stream with nothing tying it to the image
 * @param codec    the coded pictures' codec, as ffprobe names it: {@code hevc} (HEIC) or {@code av1} (AVIF)
 * @param tiles    the coded pictures making up the image: 1, or a grid's tile count (48 for an iPhone's 12 MP photo)
 */
public record HeifInfo(int width, int height, boolean hasAlpha, String codec, int tiles) {}
