package io.chatmedia.process.image.heif;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Which parts of a canvas no drawn picture covers: a sweep over the horizontal bands the pictures' edges make. */
final class Coverage {

    private Coverage() {}

    /**
     * The rectangles {@code (x, y, width, height)} of a {@code width} x {@code height} area that none of
     * {@code rects} (each {@code x, y, width, height}, inside the area) covers; none when they cover it all.
     * Work grows with bands times rectangles: 7 x 48 for an iPhone grid, 257 x 65,536 for the largest grid HEIF allows.
     */
    static List<int[]> gaps(int width, int height, List<int[]> rects) {
        TreeSet<Integer> edges = new TreeSet<>(List.of(0, height));
        for (int[] r : rects) {
            edges.add(r[1]);
            edges.add(r[1] + r[3]);
        }
        List<int[]> gaps = new ArrayList<>();
        Integer top = null;
        for (int bottom : edges) {
            if (top != null && bottom > top) {
                band(width, top, bottom, rects, gaps);
            }
            top = bottom;
        }
        return gaps;
    }

    private static void band(int width, int top, int bottom, List<int[]> rects, List<int[]> gaps) {
        List<int[]> spans = new ArrayList<>();
        for (int[] r : rects) {
            if (r[1] <= top && r[1] + r[3] >= bottom) {
                spans.add(new int[] {r[0], r[0] + r[2]});
            }
        }
        spans.sort(Comparator.comparingInt(s -> s[0]));
        int x = 0;
        for (int[] span : spans) {
            if (span[0] > x) {
                gaps.add(new int[] {x, top, span[0] - x, bottom - top});
            }
            x = Math.max(x, span[1]);
        }
        if (x < width) {
            gaps.add(new int[] {x, top, width - x, bottom - top});
        }
    }
}
