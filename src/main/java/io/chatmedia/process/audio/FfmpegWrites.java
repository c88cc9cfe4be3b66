package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.chatmedia.process.video.RangedBlobInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's I/O for audio, through ChatMedia's own callbacks only: reads from a {@link RangedBlobInputStream} over a
 * store, writes into a {@link MemoryOutput}. FFmpeg never opens a file or URL itself. The callbacks are single
 * native thunks shared by every context (a thunk per call would be costly); each context's opaque pointer is the key
 * of its stream in a map.
 */
final class CustomIo {

    private static final int BUFFER = 64 * 1024;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;

    private static final Map<Long, RangedBlobInputStream> INPUTS = new ConcurrentHashMap<>();
    private static final Map<Long, MemoryOutput> OUTPUTS = new ConcurrentHashMap<>();
    private static final Read READ = new Read();
    private static final Write WRITE = new Write();
    private static final Seek SEEK = new Seek();

    private CustomIo() {}

    /** An I/O context reading {@code source}, registered under {@code opaque} (the format context's address). */
    static AVIOContext reader(Pointer opaque, RangedBlobInputStream source) {
        INPUTS.put(opaque.address(), source);
        return alloc(opaque, 0, READ, null);
    }

    /** An I/O context writing (and seeking) into {@code output}, registered under {@code opaque}. */
    static AVIOContext writer(Pointer opaque, MemoryOutput output) {
        OUTPUTS.put(opaque.address(), output);
        return alloc(opaque, 1, null, WRITE);
    }

    private static AVIOContext alloc(Pointer opaque, int writeFlag, Read read, Write write) {
        BytePointer buffer = new BytePointer(av_malloc(BUFFER));
        AVIOContext io = avio_alloc_context(buffer, BUFFER, writeFlag, opaque, read, write, SEEK);
        if (io == null || io.isNull()) {
            av_free(buffer);
            INPUTS.remove(opaque.address());
            OUTPUTS.remove(opaque.address());
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O context");
        }
        return io;
    }

    /** Frees {@code io} and its buffer, and forgets the stream registered under the opaque address {@code key}. */
    static void free(long key, AVIOContext io) {
        INPUTS.remove(key);
        OUTPUTS.remove(key);
        if (io != null && !io.isNull()) {
            if (io.buffer() != null && !io.buffer().isNull()) {
                av_free(io.buffer());
                io.buffer(null);
            }
            avio_context_free(io);
        }
    }

    private static final class Read extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            RangedBlobInputStream in = INPUTS.get(opaque.address());
            if (in == null) {
                return -1;
            }
            try {
                byte[] chunk = new byte[size];
                int n = in.read(chunk, 0, size);
                if (n <= 0) {
                    return AVERROR_EOF();
                }
                buffer.put(chunk, 0, n);
                return n;
            } catch (IOException | RuntimeException e) {
                return -5; // AVERROR(EIO)
            }
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
            return out.write(chunk) ? size : -27; // AVERROR(EFBIG)
        }
    }

    private static final class Seek extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            RangedBlobInputStream in = INPUTS.get(opaque.address());
            MemoryOutput out = in == null ? OUTPUTS.get(opaque.address()) : null;
            if (in == null && out == null) {
                return -1;
            }
            long size = in != null ? in.size() : out.length();
            if (whence == AVSEEK_SIZE) {
                return size;
            }
            long current = in != null ? in.position() : out.position();
            long target =
                    switch (whence & ~AVSEEK_FORCE) {
                        case SEEK_SET -> offset;
                        case SEEK_CUR -> current + offset;
                        case SEEK_END -> size + offset;
                        default -> -1;
                    };
            if (target < 0) {
                return -1;
            }
            try {
                if (in != null) {
                    in.reset();
                    in.skip(target);
                } else {
                    out.seek(target);
                }
                return target;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
