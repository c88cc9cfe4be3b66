package io.chatmedia.process.image;

import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What an image step may need beyond the picture: the output limits, the watermark images by key (upright BGRA,
 * owned by the caller of the function, who closes them), and the job's memory tally, charged before a step allocates a
 * canvas its parameters size; the font of text marks.
 */
public record StepContext(
        ImageLimits limits, Function<String, Mat> watermarkImages, JobMemory memory, BundledFont font) {}
