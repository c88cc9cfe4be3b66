package io.chatmedia.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

/**
 * The image fixtures: the committed files of {@code src/test/resources/image} (see its README.md), and the one too
 * large to commit, a GIF of many frames, written here on demand.
 */
public final class ImageFixtures {

    /** Where the committed fixtures live, relative to the module (Maven runs tests there). */
    public static final Path DIR = Path.of("src/test/resources/image");

    private ImageFixtures() {}

    /** A committed fixture, e.g. {@code photo.jpg}. */
    public static Path path(String name) {
        return DIR.resolve(name);
    }

    /**
     * A valid animated GIF89a of {@code width}×{@code height} with {@code frames} frames, 20 ms each, looping: the
     * first frame fills the canvas with a black/white checker of 8 px squares, every later frame paints one pixel
     * (moving along the canvas) with the other colour, as GIFs layer-optimised to their changed rectangle do. Tiny
     * on disk (about 24 bytes a frame: 10,000 frames of 100×100 are ~240 KB), yet a decoder that expands every
     * frame to the full canvas holds {@code width × height × frames} pixels (10,000 × 100 × 100 = 100 M).
     */
    public static byte[] gifWithFrames(int frames, int width, int height) {
        if (frames < 1 || width < 1 || height < 1 || width > 65535 || height > 65535) {
            throw new IllegalArgumentException("frames, width and height must be positive (sides at most 65535)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + width * height * 3 / 8 + frames * 24);
        out.writeBytes(new byte[] {'G', 'I', 'F', '8', '9', 'a'});
        writeShort(out, width);
        writeShort(out, height);
        out.write(0x80 | 0x00); // a global colour table of 2 entries, colour resolution 1 bit
        out.write(0); // background colour index
        out.write(0); // no aspect ratio
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        // NETSCAPE2.0: loop forever
        out.writeBytes(
                new byte[] {0x21, (byte) 0xFF, 11, 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0', 3, 1, 0, 0, 0
                });
        byte[] first = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                first[y * width + x] = (byte) (((x / 8) + (y / 8)) % 2);
            }
        }
        writeFrame(out, 0, 0, width, height, first);
        for (int k = 1; k < frames; k++) {
            int x = k % width;
            int y = (k / width) % height;
            writeFrame(out, x, y, 1, 1, new byte[] {(byte) (1 - first[y * width + x])});
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    private static void writeFrame(ByteArrayOutputStream out, int left, int top, int width, int height, byte[] pixels) {
        // graphic control extension: disposal 1 (leave in place), no transparency, 2/100 s
        out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0x04, 2, 0, 0, 0});
        out.write(0x2C);
        writeShort(out, left);
        writeShort(out, top);
        writeShort(out, width);
        writeShort(out, height);
        out.write(0); // no local colour table, not interlaced
        out.write(2); // LZW minimum code size (GIF's smallest)
        byte[] lzw = lzwUncompressed(pixels);
        for (int pos = 0; pos < lzw.length; pos += 255) {
            int n = Math.min(255, lzw.length - pos);
            out.write(n);
            out.write(lzw, pos, n);
        }
        out.write(0);
    }

    /**
     * LZW codes that never grow past 3 bits: a clear code before every two literals, so the decoder's table never
     * reaches 8 entries. Larger than real LZW, but valid for every decoder.
     */
    private static byte[] lzwUncompressed(byte[] pixels) {
        final int clear = 4;
        final int end = 5;
        BitWriter bits = new BitWriter();
        for (int i = 0; i < pixels.length; i++) {
            if (i % 2 == 0) {
                bits.write(clear, 3);
            }
            bits.write(pixels[i], 3);
        }
        bits.write(end, 3);
        return bits.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write((value >> 8) & 0xFF);
    }

    /** Least significant bit first, as GIF packs its codes. */
    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int buffer;
        private int count;

        void write(int code, int width) {
            buffer |= code << count;
            count += width;
            while (count >= 8) {
                bytes.write(buffer & 0xFF);
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] toByteArray() {
            if (count > 0) {
                bytes.write(buffer & 0xFF);
                buffer = 0;
                count = 0;
            }
            return bytes.toByteArray();
        }
    }
}
