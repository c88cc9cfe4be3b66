package io.chatmedia.process.image.heif;

import io.chatmedia.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A HEIF/AVIF file opened with FFmpeg's mov demuxer (forced: no other demuxer ever sees the bytes) over a
 * {@link ByteArrayIo}, with the layout of its primary image. Refuses, before FFmpeg parses anything, a file whose
 * {@code ftyp} names no HEIF brand (an MP4 video is ISO BMFF too). Closing frees the demuxer and the I/O context.
 */
final class HeifContainer implements AutoCloseable {

    /** Brands of HEIF (ISO/IEC 23008-12), its HEVC and AV1 profiles and MIAF; any one among ftyp's brands will do. */
    private static final Set<String> BRANDS =
            Set.of("mif1", "mif2", "msf1", "miaf", "heic", "heix", "heim", "heis", "hevc", "hevx", "avif", "avis");

    private final ByteArrayIo io;
    private final PointerPointer<AVFormatContext> holder = new PointerPointer<>(1);
    private final HeifLayout layout;

    private HeifContainer(byte[] file) {
        io = new ByteArrayIo(file);
        try {
            AVFormatContext context = avformat.avformat_alloc_context();
            context.pb(io.context());
            holder.put(0, context);
            AVInputFormat mov = avformat.av_find_input_format("mov");
            // on failure FFmpeg frees the context and clears the holder; the custom I/O stays ours to free
            if (avformat.avformat_open_input(holder, (BytePointer) null, mov, (PointerPointer<?>) null) < 0) {
                throw ApiException.badRequest("the file is not a readable HEIF/AVIF image");
            }
            layout = HeifLayout.of(context(), file.length);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    static HeifContainer open(byte[] file) {
        checkBrands(file);
        return new HeifContainer(file);
    }

    AVFormatContext context() {
        return holder.get(AVFormatContext.class, 0);
    }

    HeifLayout layout() {
        return layout;
    }

    @Override
    public void close() {
        Pointer context = holder.get(0);
        if (context != null && !context.isNull()) {
            avformat.avformat_close_input(holder);
        }
        holder.close();
        io.close();
    }

    static void checkBrands(byte[] file) {
        if (file.length < 16 || !"ftyp".equals(fourCc(file, 4))) {
            throw ApiException.badRequest("the file is not a HEIF/AVIF image: it does not start with an ftyp box");
        }
        long size = ((file[0] & 0xFFL) << 24) | ((file[1] & 0xFF) << 16) | ((file[2] & 0xFF) << 8) | (file[3] & 0xFF);
        int end = (int) Math.min(Math.max(size, 16), file.length);
        for (int at = 8; at + 4 <= end; at += at == 8 ? 8 : 4) { // the major brand, then (past minor_version) the rest
            if (BRANDS.contains(fourCc(file, at))) {
                return;
            }
        }
        throw ApiException.badRequest(
                "the file is ISO media (" + fourCc(file, 8).strip() + ") but not a HEIF/AVIF image");
    }

    private static String fourCc(byte[] file, int at) {
        return new String(file, at, 4, StandardCharsets.ISO_8859_1);
    }
}
