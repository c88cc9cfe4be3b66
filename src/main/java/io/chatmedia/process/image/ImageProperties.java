package io.chatmedia.process.image;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code chatmedia.process.image.*}: image processing.
 *
 * @param maxSourceSize the largest stored image that is processed (OSS: 20 MB)
 * @param maxFrames     the most frames an animation may have to be processed
 * @param maxJobMemory  the native memory one processing job may use (decoded frames and one working copy,
 *                      watermark canvases), estimated from the headers and parameters before decoding; a request
 *                      needing more is a 400 naming this limit. The node's worst case is the worker count times this.
 * @param infoGps       whether {@code image/info} shows GPS fields (off: anyone with the URL would see where a photo
 *                      was taken; outputs never carry them)
 * @param styles        named processing strings for {@code x-oss-process=style/<name>}, e.g.
 *                      {@code thumb: image/resize,m_fill,w_200,h_200}
 */
@ConfigurationProperties("chatmedia.process.image")
public record ImageProperties(
        @DefaultValue("20MB") DataSize maxSourceSize,
        @DefaultValue("1000") int maxFrames,
        @DefaultValue("256MB") DataSize maxJobMemory,
        @DefaultValue("false") boolean infoGps,
        Map<String, String> styles) {

    public ImageProperties {
        styles = styles == null ? Map.of() : Map.copyOf(styles);
    }

    ImageLimits limits() {
        ImageLimits d = ImageLimits.DEFAULT;
        return new ImageLimits(
                maxSourceSize.toBytes(),
                d.maxSide(),
                d.maxPixels(),
                maxFrames,
                d.maxOutputSide(),
                d.maxOutputPixels(),
                maxJobMemory.toBytes());
    }
}
