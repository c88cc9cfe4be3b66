package io.chatmedia.process.image.heif;

import io.chatmedia.system.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.AVStreamGroup;
import org.bytedeco.ffmpeg.avformat.AVStreamGroupTileGrid;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * The primary image of a HEIF/AVIF file as FFmpeg's mov demuxer describes it in the header, nothing decoded: the
 * coded pictures (one, or a grid's tiles, each an FFmpeg stream of one packet) and where each goes on a
 * {@code width} x {@code height} canvas (the grid after its crop), then the orientation that makes it upright.
 *
 * <p>The primary image is the tile grid or stream FFmpeg marks {@code default} (the file's {@code pitm}); a file
 * whose primary item FFmpeg does not read (a gain-map {@code tmap}, say) falls back to its largest picture, so a
 * thumbnail is never taken for the photo.
 */
record HeifLayout(String codec, int width, int height, List<Tile> tiles, Orientation orientation, int[] backgroundBgr) {

    /** A coded picture: stream {@code stream} drawn with its top-left corner at {@code (x, y)} of the canvas. */
    record Tile(int stream, int x, int y, int width, int height) {
        boolean covers(int canvasWidth, int canvasHeight) {
            return x < canvasWidth && y < canvasHeight && x + width > 0 && y + height > 0;
        }
    }

    int uprightWidth() {
        return orientation.swapsSides() ? height : width;
    }

    int uprightHeight() {
        return orientation.swapsSides() ? width : height;
    }

    /** The pixels of the tiles that show on the canvas: what decoding costs. */
    long codedPixels() {
        return tiles.stream()
                .filter(t -> t.covers(width, height))
                .mapToLong(t -> (long) t.width() * t.height())
                .sum();
    }

    static HeifLayout of(AVFormatContext context, long fileSize) {
        HeifLayout layout = primary(context);
        if (layout.width() <= 0 || layout.height() <= 0 || layout.tiles().isEmpty()) {
            throw ApiException.badRequest("the HEIF/AVIF file gives no size for its image");
        }
        for (Tile tile : layout.tiles()) {
            AVStream stream = context.streams(tile.stream());
            AVIndexEntry entry = avformat.avformat_index_get_entry(stream, 0);
            if (entry == null || entry.isNull() || entry.pos() + entry.size() > fileSize) {
                throw ApiException.badRequest("the HEIF/AVIF file is cut short: its image data is missing");
            }
        }
        return layout;
    }

    private static HeifLayout ofGrid(AVStreamGroup group) {
        AVStreamGroupTileGrid grid = group.params_tile_grid();
        List<Tile> tiles = new ArrayList<>(grid.nb_tiles());
        for (int i = 0; i < grid.nb_tiles(); i++) {
            int index = grid.offsets_idx(i); // an index into the group's streams, not the file's
            if (index < 0 || index >= group.nb_streams()) {
                throw ApiException.badRequest("the HEIF/AVIF image grid refers to a tile that is not there");
            }
            AVStream stream = group.streams(index);
            tiles.add(new Tile(
                    stream.index(),
                    grid.offsets_horizontal(i) - grid.horizontal_offset(),
                    grid.offsets_vertical(i) - grid.vertical_offset(),
                    stream.codecpar().width(),
                    stream.codecpar().height()));
        }
        String codec = group.nb_streams() > 0 ? codecName(group.streams(0).codecpar()) : "unknown";
        int[] rgba = {grid.background(0) & 0xFF, grid.background(1) & 0xFF, grid.background(2) & 0xFF};
        return new HeifLayout(
                codec,
                grid.width(),
                grid.height(),
                List.copyOf(tiles),
                Orientation.of(grid.coded_side_data(), grid.nb_coded_side_data()),
                new int[] {rgba[2], rgba[1], rgba[0]});
    }

    private static HeifLayout ofStream(AVStream stream) {
        if (stream == null) {
            throw ApiException.badRequest("the HEIF/AVIF file holds no image FFmpeg can read");
        }
        AVCodecParameters parameters = stream.codecpar();
        return new HeifLayout(
                codecName(parameters),
                parameters.width(),
                parameters.height(),
                List.of(new Tile(stream.index(), 0, 0, parameters.width(), parameters.height())),
                Orientation.of(parameters.coded_side_data(), parameters.nb_coded_side_data()),
                new int[] {0, 0, 0});
    }

    private static HeifLayout primary(AVFormatContext context) {
        AVStreamGroup largestGrid = null;
        for (int i = 0; i < context.nb_stream_groups(); i++) {
            AVStreamGroup group = context.stream_groups(i);
            if (group.type() != avformat.AV_STREAM_GROUP_PARAMS_TILE_GRID) {
                continue;
            }
            if ((group.disposition() & avformat.AV_DISPOSITION_DEFAULT) != 0) {
                return ofGrid(group);
            }
            if (largestGrid == null || area(group) > area(largestGrid)) {
                largestGrid = group;
            }
        }
        AVStream stream = defaultStream(context);
        if (stream != null) {
            return ofStream(stream);
        }
        stream = largestStream(context);
        if (largestGrid != null && (stream == null || area(largestGrid) >= area(stream))) {
            return ofGrid(largestGrid);
        }
        return ofStream(stream);
    }

    private static AVStream defaultStream(AVFormatContext context) {
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (isPicture(stream) && (stream.disposition() & avformat.AV_DISPOSITION_DEFAULT) != 0) {
                return stream;
            }
        }
        return null;
    }

    private static AVStream largestStream(AVFormatContext context) {
        AVStream largest = null;
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (isPicture(stream) && !inGrid(context, stream) && (largest == null || area(stream) > area(largest))) {
                largest = stream;
            }
        }
        return largest;
    }

    private static boolean isPicture(AVStream stream) {
        return stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO;
    }

    private static boolean inGrid(AVFormatContext context, AVStream stream) {
        for (int i = 0; i < context.nb_stream_groups(); i++) {
            AVStreamGroup group = context.stream_groups(i);
            for (int j = 0; group.type() == avformat.AV_STREAM_GROUP_PARAMS_TILE_GRID && j < group.nb_streams(); j++) {
                if (group.streams(j).index() == stream.index()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long area(AVStream stream) {
        return (long) stream.codecpar().width() * stream.codecpar().height();
    }

    private static long area(AVStreamGroup group) {
        return (long) group.params_tile_grid().width()
                * group.params_tile_grid().height();
    }

    /** The codec's own name, as ffprobe gives it: {@code hevc}, {@code av1}. */
    private static String codecName(AVCodecParameters parameters) {
        return avcodec.avcodec_get_name(parameters.codec_id()).getString();
    }
}
