package io.chatmedia.process.image.heif;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An FFmpeg reader over a byte array: a custom AVIOContext whose read and seek callbacks copy from the array, so
 * the demuxer never sees a file name or URL. The two callbacks are single native thunks shared by every reader (a
 * FunctionPointer collected while FFmpeg still holds it crashes the JVM, so they live as long as the class); each
 * reader is found by the number FFmpeg hands back as its {@code opaque} pointer. Thread-safe: one reader per call.
 */
final class ByteArrayIo implements AutoCloseable {

    private static final int BUFFER_SIZE = 32 * 1024;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int AVERROR_EINVAL = -22;

    private static final Map<Long, ByteArrayIo> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final Read READ = new Read().retainReference();
    private static final Seek SEEK = new Seek().retainReference();

    private final byte[] bytes;
    private final long id;
    private int position;
    private AVIOContext context;

    ByteArrayIo(byte[] bytes) {
        this.bytes = bytes;
        this.id = IDS.incrementAndGet();
        OPEN.put(id, this);
        BytePointer buffer = new BytePointer(avutil.av_malloc(BUFFER_SIZE));
        context = avformat.avio_alloc_context(buffer, BUFFER_SIZE, 0, new Opaque(id), READ, null, SEEK);
        if (context == null || context.isNull()) {
            avutil.av_free(buffer);
            OPEN.remove(id);
            throw new OutOfMemoryError("avio_alloc_context");
        }
    }

    AVIOContext context() {
        return context;
    }

    /** Frees the context and its buffer (FFmpeg may have replaced the one given to it, so the current one). */
    @Override
    public void close() {
        if (context != null) {
            avutil.av_free(context.buffer());
            context.buffer(null);
            avformat.avio_context_free(context);
            context = null;
        }
        OPEN.remove(id);
    }

    private int read(BytePointer target, int size) {
        int count = Math.min(size, bytes.length - position);
        if (count <= 0) {
            return avutil.AVERROR_EOF;
        }
        target.position(0).put(bytes, position, count);
        position += count;
        return count;
    }

    private long seek(long offset, int whence) {
        int mode = whence & ~avformat.AVSEEK_FORCE;
        if (mode == avformat.AVSEEK_SIZE) {
            return bytes.length;
        }
        long target =
                switch (mode) {
                    case SEEK_SET -> offset;
                    case SEEK_CUR -> position + offset;
                    case SEEK_END -> bytes.length + offset;
                    default -> -1;
                };
        if (target < 0 || target > bytes.length) {
            return AVERROR_EINVAL;
        }
        position = (int) target;
        return target;
    }

    /** A pointer that only carries a reader's number: FFmpeg passes it back and never dereferences it. */
    private static final class Opaque extends Pointer {
        Opaque(long id) {
            address = id;
        }
    }

    private static final class Read extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            ByteArrayIo io = OPEN.get(opaque.address());
            try {
                return io == null ? avutil.AVERROR_EOF : io.read(buffer, size);
            } catch (RuntimeException e) {
                return avutil.AVERROR_EOF; // an exception must not unwind through FFmpeg's frames
            }
        }
    }

    private static final class Seek extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            ByteArrayIo io = OPEN.get(opaque.address());
            try {
                return io == null ? -1 : io.seek(offset, whence);
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }
}
