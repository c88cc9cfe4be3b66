package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Watermarker;
import io.chatmedia.process.spec.ProcessAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code watermark}: an image from the same store ({@code image_}: URL-safe Base64 of its key, optionally followed by
 * {@code ?x-oss-process=image/resize,P_<percent of the main image>}), a text ({@code text_}, Base64, ≤ 64 characters,
 * in the bundled CJK-capable font), or both side by side ({@code order} 0: image first, {@code align} 0 top / 1 middle /
 * 2 bottom, {@code interval} px). Placed by {@code g} (default se) {@code x}/{@code y} (default 10) and {@code voffset},
 * at opacity {@code t}; {@code fill_1} tiles it over the whole image.
 */
public record Watermark(
        int opacity,
        Gravity gravity,
        int x,
        int y,
        int verticalOffset,
        String imageKey,
        int imagePercent,
        String text,
        String font,
        int color,
        int size,
        int shadow,
        int textRotation,
        boolean tiled,
        int order,
        int align,
        int interval,
        int tilePadX,
        int tilePadY)
        implements ImageStep {

    /** OSS's font names; all are drawn with the bundled font, which covers CJK. */
    static final Set<String> FONTS = Set.of(
            "wqy-zenhei",
            "wqy-microhei",
            "fangzhengshusong",
            "fangzhengkaiti",
            "fangzhengheiti",
            "fangzhengfangsong",
            "droidsansfallback",
            "notosanscjk");

    private static final Set<String> KEYS = Set.of(
            "t",
            "g",
            "x",
            "y",
            "voffset",
            "image",
            "text",
            "type",
            "color",
            "size",
            "shadow",
            "rotate",
            "fill",
            "order",
            "align",
            "interval",
            "padx",
            "pady");
    private static final String NESTED = "?x-oss-process=image/resize,P_";

    static Watermark of(ProcessAction action) {
        Params p = Params.of(action, false, KEYS);
        String image = p.base64("image", 1024);
        String text = p.base64("text", 64);
        if (image == null && text == null) {
            throw p.fail("needs image (a Base64 object key) or text (Base64)");
        }
        int percent = 0;
        if (image != null && image.contains("?")) {
            int at = image.indexOf('?');
            String nested = image.substring(at);
            image = image.substring(0, at);
            if (!nested.startsWith(NESTED) || !nested.substring(NESTED.length()).matches("[0-9]{1,3}")) {
                throw p.fail("image may only carry ?x-oss-process=image/resize,P_<1-100>");
            }
            percent = Integer.parseInt(nested.substring(NESTED.length()));
            if (percent < 1 || percent > 100) {
                throw p.fail("image: P must be an integer in [1,100] (got " + percent + ")");
            }
        }
        if (image != null) {
            image = image.startsWith("/") ? image.substring(1) : image;
            if (image.isEmpty()
                    || image.contains("..")
                    || image.contains("\\")
                    || image.chars().anyMatch(c -> c < 0x20)) {
                throw p.fail("image is not a valid object key");
            }
        }
        String font = p.base64("type", 64);
        if (font != null && !FONTS.contains(font.toLowerCase(Locale.ROOT))) {
            throw p.fail("type must be one of " + String.join(", ", new TreeSet<>(FONTS)));
        }
        return new Watermark(
                p.integer("t", 0, 100, 100),
                Gravity.of(p.choice("g", Gravity.NAMES, "se")),
                p.integer("x", 0, 4096, 10),
                p.integer("y", 0, 4096, 10),
                p.integer("voffset", -1000, 1000, 0),
                image,
                percent,
                text,
                font == null ? "wqy-zenhei" : font.toLowerCase(Locale.ROOT),
                p.color("color", 0x000000),
                p.integer("size", 1, 1000, 40),
                p.integer("shadow", 0, 100, 0),
                p.integer("rotate", 0, 360, 0) % 360,
                p.integer("fill", 0, 1, 0) == 1,
                p.integer("order", 0, 1, 0),
                p.integer("align", 0, 2, 2),
                p.integer("interval", 0, 1000, 0),
                p.integer("padx", 0, 4096, 0),
                p.integer("pady", 0, 4096, 0));
    }

    @Override
    public String canonical() {
        StringBuilder out = new StringBuilder("watermark,t_")
                .append(opacity)
                .append(",g_")
                .append(gravity.label())
                .append(",x_")
                .append(x)
                .append(",y_")
                .append(y)
                .append(",voffset_")
                .append(verticalOffset);
        if (imageKey != null) {
            out.append(",image_").append(encode(imageKey)).append(",P_").append(imagePercent);
        }
        if (text != null) {
            out.append(",text_")
                    .append(encode(text))
                    .append(",type_")
                    .append(font)
                    .append(",color_")
                    .append(String.format("%06X", color))
                    .append(",size_")
                    .append(size)
                    .append(",shadow_")
                    .append(shadow)
                    .append(",rotate_")
                    .append(textRotation);
        }
        return out.append(",fill_")
                .append(tiled ? 1 : 0)
                .append(",order_")
                .append(order)
                .append(",align_")
                .append(align)
                .append(",interval_")
                .append(interval)
                .append(",padx_")
                .append(tilePadX)
                .append(",pady_")
                .append(tilePadY)
                .toString();
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Watermarker.apply(picture, this, context);
    }
}
