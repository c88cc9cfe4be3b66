package io.chatmedia.process.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OSS's resize geometry, written down independently of the engine so the reference test can say what size an answer
 * must have: {@code lfit} the largest size inside w×h keeping the aspect, {@code mfit} the smallest covering it,
 * {@code fill} mfit then a centre crop to w×h, {@code pad} lfit centred on a w×h canvas, {@code fixed} w×h
 * stretched; only one of w/h: scale by it; {@code l}/{@code s} the long/short side (ignored when w or h is given);
 * {@code p} percent; with {@code limit_1} (the default) a target larger than the source leaves the source's size.
 * Scaled sides are {@code Math.round}ed, at least 1.
 */
final class OssGeometry {

    private OssGeometry() {}

    /**
     * The result of a resize: the picture is scaled to {@code scaledWidth × scaledHeight}, then (fill) centre-cropped
     * or (pad) centred on a canvas of {@code width × height}, the answer's size.
     */
    record Resize(int scaledWidth, int scaledHeight, int width, int height, String mode) {

        boolean unchanged(int sourceWidth, int sourceHeight) {
            return scaledWidth == sourceWidth
                    && scaledHeight == sourceHeight
                    && width == sourceWidth
                    && height == sourceHeight;
        }

        /**
         * ImageMagick arguments that make the expected picture from the source, one list per acceptable centring:
         * when the leftover of a centre crop or pad is odd, the extra pixel may go to either side.
         */
        List<List<String>> imageMagickArgs(int sourceWidth, int sourceHeight, String padColour) {
            List<List<String>> all = new ArrayList<>();
            if (unchanged(sourceWidth, sourceHeight)) {
                all.add(List.of());
                return all;
            }
            String scale = "-resize " + scaledWidth + "x" + scaledHeight + "!";
            if (width == scaledWidth && height == scaledHeight) {
                all.add(List.of(scale.split(" ")));
                return all;
            }
            for (int dx : centrings(Math.abs(width - scaledWidth))) {
                for (int dy : centrings(Math.abs(height - scaledHeight))) {
                    List<String> args = new ArrayList<>(List.of(scale.split(" ")));
                    if (mode.equals("fill")) {
                        args.addAll(List.of("-crop", width + "x" + height + "+" + dx + "+" + dy, "+repage"));
                    } else {
                        args.addAll(List.of(
                                "-background",
                                "#" + padColour,
                                "-gravity",
                                "northwest",
                                "-extent",
                                String.format("%dx%d%+d%+d", width, height, -dx, -dy)));
                    }
                    all.add(args);
                }
            }
            return all;
        }

        private static List<Integer> centrings(int leftover) {
            return leftover % 2 == 0 ? List.of(leftover / 2) : List.of(leftover / 2, leftover / 2 + 1);
        }
    }

    /** The geometry of {@code resize,<params>} (e.g. {@code m_fill,w_150,h_80}) on a source of this size. */
    static Resize resize(int sourceWidth, int sourceHeight, String params) {
        Map<String, String> p = params(params);
        String mode = p.getOrDefault("m", "lfit");
        boolean limit = !"0".equals(p.get("limit"));
        Integer w = integer(p, "w");
        Integer h = integer(p, "h");
        if (w == null && h == null) {
            Integer longSide = integer(p, "l");
            Integer shortSide = integer(p, "s");
            if (longSide != null || shortSide != null) {
                boolean landscape = sourceWidth >= sourceHeight;
                w = landscape ? longSide : shortSide;
                h = landscape ? shortSide : longSide;
            } else if (p.containsKey("p")) {
                int percent = integer(p, "p");
                int sw = round((double) sourceWidth * percent / 100);
                int sh = round((double) sourceHeight * percent / 100);
                return limited(sourceWidth, sourceHeight, new Resize(sw, sh, sw, sh, "lfit"), limit);
            } else {
                throw new IllegalArgumentException("resize needs w, h, l, s or p: " + params);
            }
        }
        if (w == null || h == null) {
            int sw = w != null ? w : round((double) sourceWidth * h / sourceHeight);
            int sh = h != null ? h : round((double) sourceHeight * w / sourceWidth);
            return limited(sourceWidth, sourceHeight, new Resize(sw, sh, sw, sh, mode), limit);
        }
        boolean widthBinds = (long) w * sourceHeight <= (long) h * sourceWidth; // w/W <= h/H
        int[] inside = widthBinds
                ? new int[] {w, round((double) sourceHeight * w / sourceWidth)}
                : new int[] {round((double) sourceWidth * h / sourceHeight), h};
        int[] covering = widthBinds
                ? new int[] {round((double) sourceWidth * h / sourceHeight), h}
                : new int[] {w, round((double) sourceHeight * w / sourceWidth)};
        Resize resize =
                switch (mode) {
                    case "lfit" -> new Resize(inside[0], inside[1], inside[0], inside[1], mode);
                    case "mfit" -> new Resize(covering[0], covering[1], covering[0], covering[1], mode);
                    case "fill" -> new Resize(covering[0], covering[1], w, h, mode);
                    case "pad" -> new Resize(inside[0], inside[1], w, h, mode);
                    case "fixed" -> new Resize(w, h, w, h, mode);
                    default -> throw new IllegalArgumentException("unknown resize mode " + mode);
                };
        return limited(sourceWidth, sourceHeight, resize, limit);
    }

    private static Resize limited(int sourceWidth, int sourceHeight, Resize resize, boolean limit) {
        if (limit && (resize.scaledWidth() > sourceWidth || resize.scaledHeight() > sourceHeight)) {
            return new Resize(sourceWidth, sourceHeight, sourceWidth, sourceHeight, resize.mode());
        }
        return resize;
    }

    private static int round(double side) {
        return (int) Math.max(1, Math.round(side));
    }

    /** {@code k_v,k_v} as a map (the last value of a repeated key wins, as in OSS). */
    static Map<String, String> params(String params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String token : params.split(",")) {
            int underscore = token.indexOf('_');
            if (underscore > 0) {
                map.put(token.substring(0, underscore), token.substring(underscore + 1));
            }
        }
        return map;
    }

    private static Integer integer(Map<String, String> params, String key) {
        String value = params.get(key);
        return value == null ? null : Integer.valueOf(value);
    }
}
