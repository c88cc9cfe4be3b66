package io.chatmedia.process.image;

/**
 * BlurHash decoding for the tests (Wolt's reference algorithm, as npm's {@code blurhash} 2.0 {@code decode}): a hash
 * into {@code width}×{@code height} pixels {@code 0xRRGGBB}, row by row.
 */
final class BlurHashDecoder {

    private static final String DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private BlurHashDecoder() {}

    static int[] decode(String hash, int width, int height) {
        int sizeFlag = base83(hash, 0, 1);
        int nx = sizeFlag % 9 + 1;
        int ny = sizeFlag / 9 + 1;
        if (hash.length() != 4 + 2 * nx * ny) {
            throw new IllegalArgumentException("a hash of " + nx + "x" + ny + " components has " + (4 + 2 * nx * ny)
                    + " characters, not " + hash.length());
        }
        double maximum = (base83(hash, 1, 2) + 1) / 166.0;
        double[][] colours = new double[nx * ny][];
        int dc = base83(hash, 2, 6);
        colours[0] = new double[] {toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)};
        for (int k = 1; k < nx * ny; k++) {
            int ac = base83(hash, 4 + 2 * k, 6 + 2 * k);
            colours[k] = new double[] {
                signPow((ac / (19 * 19) - 9) / 9.0, 2) * maximum,
                signPow(((ac / 19) % 19 - 9) / 9.0, 2) * maximum,
                signPow((ac % 19 - 9) / 9.0, 2) * maximum
            };
        }
        int[] rgb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int j = 0; j < ny; j++) {
                    for (int i = 0; i < nx; i++) {
                        double basis = Math.cos(Math.PI * x * i / width) * Math.cos(Math.PI * y * j / height);
                        double[] c = colours[i + j * nx];
                        r += c[0] * basis;
                        g += c[1] * basis;
                        b += c[2] * basis;
                    }
                }
                rgb[y * width + x] = toSrgb(r) << 16 | toSrgb(g) << 8 | toSrgb(b);
            }
        }
        return rgb;
    }

    /** The hash's first component: the picture's average colour (averaged in linear light), {@code 0xRRGGBB}. */
    static int averageColour(String hash) {
        return base83(hash, 2, 6);
    }

    private static int base83(String hash, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 83 + DIGITS.indexOf(hash.charAt(i));
        }
        return value;
    }

    private static double signPow(double value, double exponent) {
        return Math.copySign(Math.pow(Math.abs(value), exponent), value);
    }

    private static double toLinear(int value) {
        double v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static int toSrgb(double value) {
        double v = Math.max(0, Math.min(1, value));
        return v <= 0.0031308
                ? (int) (v * 12.92 * 255 + 0.5)
                : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }
}
