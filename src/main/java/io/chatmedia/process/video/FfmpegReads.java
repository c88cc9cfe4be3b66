package io.chatmedia.process.video;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's reads of stored media (a video's cover, an audio's decoding), through ChatMedia's own callbacks over a
 * {@link RangedBlobInputStream}: FFmpeg never opens a file or URL itself. The callbacks are single native thunks shared by every context (a thunk per context
 * costs more than a cover's decode of a small frame); each context's opaque pointer is the key of its stream in a
 * map. A seek only moves the stream's position: nothing is read until FFmpeg reads, so a demuxer skipping the
 * discarded audio between two video packets fetches none of it.
 */
public final class FfmpegReads {

    /** FFmpeg's read buffer: a 1080p keyframe is a few of them, a moov index one or two. */
    private static final int BUFFER = 64 * 1024;

    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int AVERROR_EIO = -5;

    private static final Map<Long, Source> SOURCES = new ConcurrentHashMap<>();
    private static final Read READ = new Read();
    private static final Seek SEEK = new Seek();

    private FfmpegReads() {}

    /** A stream and the heap buffer its reads go through before they are copied to FFmpeg's. */
    private record Source(RangedBlobInputStream in, byte[] chunk) {}

    /**
     * An I/O context reading {@code source}, registered under {@code opaque} (the format context's address).
     *
     * @throws OutOfMemoryError when FFmpeg cannot allocate it (nothing is left registered)
     */
    public static AVIOContext reader(Pointer opaque, RangedBlobInputStream source) {
        SOURCES.put(opaque.address(), new Source(source, new byte[BUFFER]));
        BytePointer buffer = new BytePointer(av_malloc(BUFFER));
        AVIOContext io = avio_alloc_context(buffer, BUFFER, 0, opaque, READ, null, SEEK);
        if (io == null || io.isNull()) {
            av_free(buffer);
            SOURCES.remove(opaque.address());
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O context");
        }
        return io;
    }

    /** Frees {@code io} and its buffer (FFmpeg may have replaced it), and forgets the stream under {@code key}. */
    public static void free(long key, AVIOContext io) {
        SOURCES.remove(key);
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
            Source source = SOURCES.get(opaque.address());
            if (source == null) {
                return AVERROR_EIO;
            }
            try {
                int n = source.in().read(source.chunk(), 0, Math.min(size, source.chunk().length));
                if (n <= 0) {
                    return AVERROR_EOF();
                }
                buffer.put(source.chunk(), 0, n);
                return n;
            } catch (IOException | RuntimeException e) {
                return AVERROR_EIO; // a store error, a job past its deadline, a frame's read limit
            }
        }
    }

    private static final class Seek extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            Source source = SOURCES.get(opaque.address());
            if (source == null) {
                return -1;
            }
            RangedBlobInputStream in = source.in();
            if (whence == AVSEEK_SIZE) {
                return in.size();
            }
            long target =
                    switch (whence & ~AVSEEK_FORCE) {
                        case SEEK_SET -> offset;
                        case SEEK_CUR -> in.position() + offset;
                        case SEEK_END -> in.size() + offset;
                        default -> -1;
                    };
            if (target < 0) {
                return -1;
            }
            try {
                in.seek(target);
                return target;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
