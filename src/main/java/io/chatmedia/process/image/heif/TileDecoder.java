package io.chatmedia.process.image.heif;

import io.chatmedia.system.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Decodes the coded pictures of a {@link HeifLayout} (each tile stream's single packet, in file order; streams the
 * image does not use are discarded unread) and hands each decoded frame to a {@link Canvas}. Tiles entirely
 * outside the canvas (past a grid's crop) are not decoded at all. One decoder context per tile, single-threaded:
 * tiles are small and the callers are already parallel.
 */
final class TileDecoder {

    /** The libavcodec AV1 decoder of this name is tried first: FFmpeg's own "av1" decodes only with a GPU. */
    private static final List<String> AV1_DECODERS = List.of("libdav1d", "libaom-av1");

    private static final int AV_FRAME_FLAG_CORRUPT = 1;

    private TileDecoder() {}

    static void decode(AVFormatContext context, HeifLayout layout, Canvas canvas) {
        Map<Integer, List<HeifLayout.Tile>> byStream = new HashMap<>();
        for (HeifLayout.Tile tile : layout.tiles()) {
            if (tile.covers(layout.width(), layout.height())) {
                byStream.computeIfAbsent(tile.stream(), s -> new ArrayList<>()).add(tile);
            }
        }
        for (int i = 0; i < context.nb_streams(); i++) {
            context.streams(i).discard(byStream.containsKey(i) ? avcodec.AVDISCARD_DEFAULT : avcodec.AVDISCARD_ALL);
        }
        // Decoders check their coded size, rounded up to whole coding blocks, so a picture may be a little larger
        // than its header says (642x480 codes as 648x480); one far larger (a bomb behind a small header) is refused.
        long maxTilePixels = 2
                        * layout.tiles().stream()
                                .mapToLong(t -> (long) t.width() * t.height())
                                .max()
                                .orElse(0)
                + 64 * 64;
        AVPacket packet = avcodec.av_packet_alloc();
        AVFrame frame = avutil.av_frame_alloc();
        try {
            int left = byStream.size();
            while (left > 0 && avformat.av_read_frame(context, packet) >= 0) {
                try {
                    List<HeifLayout.Tile> tiles = byStream.remove(packet.stream_index());
                    if (tiles == null) {
                        continue;
                    }
                    left--;
                    decodeOne(context.streams(packet.stream_index()), packet, frame, maxTilePixels);
                    for (HeifLayout.Tile tile : tiles) {
                        canvas.draw(frame, tile.x(), tile.y());
                    }
                } finally {
                    avcodec.av_packet_unref(packet);
                    avutil.av_frame_unref(frame);
                }
            }
            if (left > 0) {
                throw ApiException.badRequest("the HEIF/AVIF file is cut short: " + left + " of "
                        + layout.tiles().size() + " coded pictures are missing");
            }
        } finally {
            avutil.av_frame_free(frame);
            avcodec.av_packet_free(packet);
        }
    }

    private static void decodeOne(AVStream stream, AVPacket packet, AVFrame frame, long maxPixels) {
        AVCodec codec = decoderFor(stream.codecpar().codec_id());
        if (codec == null) {
            throw ApiException.unsupportedMediaType("no decoder for "
                    + avcodec.avcodec_get_name(stream.codecpar().codec_id()).getString() + " images");
        }
        AVCodecContext decoder = avcodec.avcodec_alloc_context3(codec);
        if (decoder == null || decoder.isNull()) {
            throw new OutOfMemoryError("avcodec_alloc_context3");
        }
        try {
            if (avcodec.avcodec_parameters_to_context(decoder, stream.codecpar()) < 0) {
                throw ApiException.badRequest("the HEIF/AVIF image has codec parameters that cannot be used");
            }
            decoder.thread_count(1);
            decoder.max_pixels(maxPixels);
            if (avcodec.avcodec_open2(decoder, codec, (AVDictionary) null) < 0) {
                throw ApiException.badRequest("the HEIF/AVIF image's decoder cannot be opened");
            }
            if (avcodec.avcodec_send_packet(decoder, packet) < 0
                    || avcodec.avcodec_send_packet(decoder, null) < 0
                    || avcodec.avcodec_receive_frame(decoder, frame) < 0) {
                throw ApiException.badRequest("the HEIF/AVIF image cannot be decoded");
            }
            if ((frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                throw ApiException.badRequest("the HEIF/AVIF image is damaged");
            }
        } finally {
            avcodec.avcodec_free_context(decoder);
        }
    }

    private static AVCodec decoderFor(int codecId) {
        if (codecId == avcodec.AV_CODEC_ID_AV1) {
            for (String name : AV1_DECODERS) {
                AVCodec codec = avcodec.avcodec_find_decoder_by_name(name);
                if (codec != null && !codec.isNull()) {
                    return codec;
                }
            }
        }
        AVCodec codec = avcodec.avcodec_find_decoder(codecId);
        return codec == null || codec.isNull() ? null : codec;
    }
}
