package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's writes of a converted audio, through ChatMedia's own callbacks into a {@link MemoryOutput}: the muxer never
 * opens a file or URL itself. (Its reads go through {@link io.chatmedia.process.video.FfmpegReads}.) The callbacks
 * are single native thunks shared by every context; each context's opaque pointer is the key of its output in a map.
 */
final class FfmpegWrites {

    private static final int BUFFER = 64 * 1024;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int AVERROR_EFBIG = -27;

    private static final Map<Long, MemoryOutput> OUTPUTS = new ConcurrentHashMap<>();
    private static final Write WRITE = new Write();
    private static final Seek SEEK = new Seek();

    private FfmpegWrites() {}

    /**
     * An I/O context writing (and seeking) into {@code output}, registered under {@code opaque} (the muxer's address).
     *
     * @throws OutOfMemoryError when FFmpeg cannot allocate it (nothing is left registered)
     */
    static AVIOContext writer(Pointer opaque, MemoryOutput output) {
        OUTPUTS.put(opaque.address(), output);
        BytePointer buffer = new BytePointer(av_malloc(BUFFER));
        AVIOContext io = avio_alloc_context(buffer, BUFFER, 1, opaque, null, WRITE, SEEK);
        if (io == null || io.isNull()) {
            av_free(buffer);
            OUTPUTS.remove(opaque.address());
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O context");
        }
        return io;
    }

    /** Frees {@code io} and its buffer, and forgets the output registered under the opaque address {@code key}. */
    static void free(long key, AVIOContext io) {
        OUTPUTS.remove(key);
        if (io != null && !io.isNull()) {
            if (io.buffer() != null && !io.buffer().isNull()) {
                av_free(io.buffer());
                io.buffer(null);
            }
            avio_context_free(io);
        }
    }

    private static final class Write extends Write_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            MemoryOutput out = OUTPUTS.get(opaque.address());
            if (out == null) {
                return -1;
            }
            byte[] chunk = new byte[size];
            buffer.get(chunk, 0, size);
            return out.write(chunk) ? size : AVERROR_EFBIG;
        }
    }

    private static final class Seek extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            MemoryOutput out = OUTPUTS.get(opaque.address());
            if (out == null) {
                return -1;
            }
            if (whence == AVSEEK_SIZE) {
                return out.length();
            }
            long target =
                    switch (whence & ~AVSEEK_FORCE) {
                        case SEEK_SET -> offset;
                        case SEEK_CUR -> out.position() + offset;
                        case SEEK_END -> out.length() + offset;
                        default -> -1;
                    };
            if (target < 0) {
                return -1;
            }
            try {
                out.seek(target);
                return target;
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }
}
