package io.chatmedia.process.image;

import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.system.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The configured styles ({@code chatmedia.process.image.styles.<name>}), each parsed once at start — a style that
 * does not parse stops the start with its name and the reason. {@code style/<unknown>} is a 404, as OSS's NoSuchStyle.
 */
@Component
public class ImageStyles {

    private final Map<String, ImageSpec> styles = new LinkedHashMap<>();

    ImageStyles(ImageProperties properties) {
        properties.styles().forEach((name, value) -> {
            if (!name.matches("[A-Za-z0-9_.-]{1,63}")) {
                throw new IllegalStateException(
                        "chatmedia.process.image.styles: the name '" + name + "' must be 1 to 63 of [A-Za-z0-9_.-]");
            }
            try {
                ProcessRequest request = ProcessParser.parse(value);
                styles.put(name, ImageSpec.parse(request));
            } catch (ApiException e) {
                throw new IllegalStateException(
                        "chatmedia.process.image.styles." + name + " ('" + value
                                + "') is not a valid image processing string: " + e.getMessage(),
                        e);
            }
        });
    }

    /** @throws ApiException 404 when no style has that name */
    public ImageSpec resolve(String name) {
        ImageSpec spec = styles.get(name);
        if (spec == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "style/" + name + ": no such style");
        }
        return spec;
    }
}
