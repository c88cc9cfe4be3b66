package io.chatmedia.process.image;

/**
 * The BlurHash encoder (Wolt's algorithm, https://github.com/woltapp/blurhash): a few cosine components of a small
 * picture in 20–30 characters of base 83, which clients decode into a blurred placeholder. Written here (about 80
 * lines) rather than taken from Maven Central: the Java ports there are unmaintained or pull in Android types.
 */
public final class BlurHash {

    private static final String DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private BlurHash() {}

    /**
     * Encodes {@code width}×{@code height} pixels ({@code 0xRRGGBB}, row by row) with {@code x}×{@code y} components
     * (each 1–9). Keep the picture small (32 px a side is plenty): the cost is pixels × components.
     */
    public static String encode(int[] rgb, int width, int height, int x, int y) {
        if (x < 1 || x > 9 || y < 1 || y > 9 || rgb.length < width * height || width < 1 || height < 1) {
            throw new IllegalArgumentException("components must be 1-9 and the picture not empty");
        }
        double[][] factors = new double[x * y][3];
        float[] linear = new float[width * height * 3];
        for (int p = 0; p < width * height; p++) {
            linear[3 * p] = toLinear((rgb[p] >> 16) & 0xFF);
            linear[3 * p + 1] = toLinear((rgb[p] >> 8) & 0xFF);
            linear[3 * p + 2] = toLinear(rgb[p] & 0xFF);
        }
        for (int j = 0; j < y; j++) {
            for (int i = 0; i < x; i++) {
                double normalisation = i == 0 && j == 0 ? 1 : 2;
                double r = 0;
                double g = 0;
                double b = 0;
                for (int py = 0; py < height; py++) {
                    double cy = Math.cos(Math.PI * j * py / height);
                    for (int px = 0; px < width; px++) {
                        double basis = cy * Math.cos(Math.PI * i * px / width);
                        int at = 3 * (py * width + px);
                        r += basis * linear[at];
                        g += basis * linear[at + 1];
                        b += basis * linear[at + 2];
                    }
                }
                double scale = normalisation / (width * height);
                factors[j * x + i] = new double[] {r * scale, g * scale, b * scale};
            }
        }
        StringBuilder hash = new StringBuilder();
        base83(hash, (x - 1) + (y - 1) * 9, 1);
        double maximum = 1;
        if (factors.length > 1) {
            double actual = 0;
            for (int k = 1; k < factors.length; k++) {
                for (double v : factors[k]) {
                    actual = Math.max(actual, Math.abs(v));
                }
            }
            int quantised = (int) Math.max(0, Math.min(82, Math.floor(actual * 166 - 0.5)));
            maximum = (quantised + 1) / 166.0;
            base83(hash, quantised, 1);
        } else {
            base83(hash, 0, 1);
        }
        double[] dc = factors[0];
        base83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int k = 1; k < factors.length; k++) {
            double[] ac = factors[k];
            int value = quantise(ac[0], maximum) * 19 * 19 + quantise(ac[1], maximum) * 19 + quantise(ac[2], maximum);
            base83(hash, value, 2);
        }
        return hash.toString();
    }

    private static int quantise(double value, double maximum) {
        double scaled = value / maximum;
        double signPow = Math.copySign(Math.sqrt(Math.abs(scaled)), scaled);
        return (int) Math.max(0, Math.min(18, Math.floor(signPow * 9 + 9.5)));
    }

    private static void base83(StringBuilder out, int value, int length) {
        for (int i = 1; i <= length; i++) {
            int digit = (value / (int) Math.pow(83, length - i)) % 83;
            out.append(DIGITS.charAt(digit));
        }
    }

    static float toLinear(int srgb) {
        double v = srgb / 255.0;
        return (float) (v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    }

    static int toSrgb(double linear) {
        double v = Math.max(0, Math.min(1, linear));
        return (int) Math.round(v <= 0.0031308 ? v * 12.92 * 255 : (1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255);
    }
}
