package io.chatmedia.storage.local;

import io.chatmedia.storage.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.io.input.BoundedInputStream;

/** Reads a run of bytes of a file. */
final class FileRanges {

    private FileRanges() {}

    /** The bytes of {@code range}, up to the end of the file; the caller closes the stream. */
    static InputStream open(Path file, ByteRange range) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(range.offset());
            InputStream in = Channels.newInputStream(channel);
            return range.isAll()
                    ? in
                    : BoundedInputStream.builder()
                            .setInputStream(in)
                            .setMaxCount(range.length())
                            .get();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
