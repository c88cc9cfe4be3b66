package io.chatmedia.process.image;

import io.chatmedia.process.image.ops.Filters;
import io.chatmedia.process.image.ops.Geometry;
import io.chatmedia.process.image.ops.Masks;
import io.chatmedia.process.image.ops.Watermarker;
import io.chatmedia.process.image.spec.Adjust;
import io.chatmedia.process.image.spec.AverageHue;
import io.chatmedia.process.image.spec.Blur;
import io.chatmedia.process.image.spec.Circle;
import io.chatmedia.process.image.spec.Crop;
import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.image.spec.ImageStep;
import io.chatmedia.process.image.spec.IndexCrop;
import io.chatmedia.process.image.spec.Info;
import io.chatmedia.process.image.spec.Resize;
import io.chatmedia.process.image.spec.Rotate;
import io.chatmedia.process.image.spec.RoundedCorners;
import io.chatmedia.process.image.spec.Sharpen;
import io.chatmedia.process.image.spec.Watermark;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Runs a spec's pixel steps on a decoded picture in URL order, each step a small operation of {@code ops}.
 * Output settings (format, quality, interlace) and orientation are not pixel steps: the encoder and decoder take them.
 */
final class ImagePipeline {

    private final ImageLimits limits;
    private final Function<String, Mat> watermarkImages;

    ImagePipeline(ImageLimits limits, Function<String, Mat> watermarkImages) {
        this.limits = limits;
        this.watermarkImages = watermarkImages;
    }

    void run(ImageSpec spec, Picture picture) {
        for (ImageStep step : spec.steps()) {
            apply(step, picture);
        }
    }

    private void apply(ImageStep step, Picture picture) {
        if (step instanceof Resize resize) {
            Geometry.resize(picture, resize, limits);
        } else if (step instanceof Crop crop) {
            Geometry.crop(picture, crop);
        } else if (step instanceof IndexCrop indexCrop) {
            Geometry.indexCrop(picture, indexCrop);
        } else if (step instanceof Rotate rotate) {
            Geometry.rotate(picture, rotate, limits);
        } else if (step instanceof Circle circle) {
            Masks.circle(picture, circle);
        } else if (step instanceof RoundedCorners corners) {
            Masks.roundedCorners(picture, corners);
        } else if (step instanceof Blur blur) {
            Filters.blur(picture, blur);
        } else if (step instanceof Adjust adjust) {
            Filters.adjust(picture, adjust);
        } else if (step instanceof Sharpen sharpen) {
            Filters.sharpen(picture, sharpen);
        } else if (step instanceof Watermark watermark) {
            Watermarker.apply(picture, watermark, watermarkImages);
        } else if (step instanceof Info || step instanceof AverageHue) {
            throw new IllegalStateException(step.canonical() + " is answered without the pipeline");
        }
        // auto-orient is applied while decoding; format, quality and interlace are the encoder's
    }
}
