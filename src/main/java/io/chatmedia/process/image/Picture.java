package io.chatmedia.process.image;

import io.chatmedia.process.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decoded pixels being processed: one frame for a still, several with their delays for an animation; each frame an
 * 8-bit BGR (3 channels) or BGRA (4 channels) OpenCV matrix in native memory. Owns its frames: {@link #close()} frees
 * them, and {@link #map} frees each frame it replaces.
 */
public final class Picture implements AutoCloseable {

    private final List<Mat> frames;
    private final int[] delaysMs;
    private final int loopCount;
    private JobMemory memory;

    public Picture(List<Mat> frames, int[] delaysMs, int loopCount) {
        this.frames = new ArrayList<>(frames);
        this.delaysMs = delaysMs.clone();
        this.loopCount = loopCount;
    }

    public static Picture still(Mat frame) {
        return new Picture(List.of(frame), new int[] {0}, 0);
    }

    public Mat first() {
        return frames.get(0);
    }

    public List<Mat> frames() {
        return List.copyOf(frames);
    }

    public int frameCount() {
        return frames.size();
    }

    public boolean animated() {
        return frames.size() > 1;
    }

    public int[] delaysMs() {
        return delaysMs.clone();
    }

    public int loopCount() {
        return loopCount;
    }

    public int width() {
        return first().cols();
    }

    public int height() {
        return first().rows();
    }

    /** Charges growth of the frames to {@code memory} from now on (see {@link #map}). */
    void account(JobMemory memory) {
        this.memory = memory;
    }

    /**
     * Replaces every frame by {@code step}'s result, freeing the old frame when a new one is returned. Stops at a
     * checkpoint before each frame when the job was cancelled; when the first new frame of an animation is larger than
     * the old one, the growth of all frames is charged to the job's memory before the others are made.
     */
    public void map(UnaryOperator<Mat> step) {
        for (int i = 0; i < frames.size(); i++) {
            WorkerPool.checkpoint();
            Mat before = frames.get(i);
            long beforeBytes = bytes(before);
            Mat after = step.apply(before);
            if (after != before) {
                if (i == 0 && memory != null && frames.size() > 1 && bytes(after) > beforeBytes) {
                    try {
                        memory.reserve(
                                2 * (bytes(after) - beforeBytes) * frames.size(),
                                "growing " + frames.size() + " frames to " + after.cols() + "x" + after.rows());
                    } catch (RuntimeException e) {
                        after.close();
                        throw e;
                    }
                }
                frames.set(i, after);
                before.close();
            }
        }
    }

    private static long bytes(Mat frame) {
        return frame.total() * frame.elemSize();
    }

    /** Keeps only the first frame (for outputs that cannot animate). */
    public void keepFirstFrame() {
        while (frames.size() > 1) {
            frames.remove(frames.size() - 1).close();
        }
    }

    @Override
    public void close() {
        for (Mat frame : frames) {
            frame.close();
        }
        frames.clear();
    }
}
