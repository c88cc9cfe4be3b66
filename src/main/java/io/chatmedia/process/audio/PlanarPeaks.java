package io.chatmedia.process.audio;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/** Feeds {@link Peaks} from decoded planar float frames, through planes reused from frame to frame. */
final class PlanarPeaks {

    private PlanarPeaks() {}

    /** Adds samples [from, from + count) of {@code frame} (planar float), copied in bulk into {@code planes}. */
    static void add(Peaks peaks, AVFrame frame, int from, int count, float[][] planes) {
        int channels = Math.min(frame.ch_layout().nb_channels(), planes.length);
        for (int c = 0; c < channels; c++) {
            if (planes[c].length < count) {
                planes[c] = new float[Math.max(count, 4096)];
            }
            try (FloatPointer samples = new FloatPointer(frame.extended_data(c))) {
                samples.position(from).get(planes[c], 0, count);
            }
        }
        peaks.addPlanes(planes, 0, count, channels);
    }
}
