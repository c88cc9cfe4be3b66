package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The encoder against the reference implementation: the expected strings are what npm's {@code blurhash} 2.0
 * ({@code encode(pixels, 16, 12, x, y)}) answers for the same 16×12 picture (red = 16x, green = 21y, blue 200 on the
 * left half and 30 on the right).
 */
class BlurHashTest {

    @Test
    void encodesAsTheReferenceDoes() {
        int w = 16;
        int h = 12;
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[y * w + x] = ((x * 16) & 255) << 16 | ((y * 21) & 255) << 8 | (x < 8 ? 200 : 30);
            }
        }
        assertThat(BlurHash.encode(rgb, w, h, 4, 3)).isEqualTo("L*GuqG7QsYkPqlWGjue:g0fjfQfj");
        assertThat(BlurHash.encode(rgb, w, h, 1, 1)).isEqualTo("00GuqG");
        assertThat(BlurHash.encode(rgb, w, h, 9, 9))
                .isEqualTo(
                        "|*GuqG7QsYkPSMt9SQt3SMqlWGjue:a|jIa}jHa|g0fjfQfjfQfjfQfjfQs;W?jufia|j[a}j@a|eqf7fQf7fQf7fQf7fQtQW?jufia|j[a}j@a|eXf7fQf7fQf7fQf7fQtQW?jufia|j[a}j@a|eXf7fQf7fQf7fQf7fQ");
    }
}
