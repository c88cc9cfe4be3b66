package io.chatmedia.serving;

import io.chatmedia.media.MediaKind;
import io.chatmedia.process.DerivedResults;
import io.chatmedia.process.image.ImageEngine;
import io.chatmedia.process.image.ImageStyles;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.image.spec.Info;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.process.video.VideoEngine;
import io.chatmedia.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers {@code ?x-oss-process=} on a stored object: video covers are served like any stored object (validators,
 * ranges) from the derived-result cache, and so are processed images ({@code image/...}, {@code style/<name>});
 * {@code video/info}, {@code audio/info}, {@code image/info} and {@code image/average-hue} as JSON.
 */
@Component
class ProcessedAnswers {

    private final VideoEngine video;
    private final ImageEngine images;
    private final ImageStyles styles;
    private final JsonMapper json;

    ProcessedAnswers(VideoEngine video, ImageEngine images, ImageStyles styles, JsonMapper json) {
        this.video = video;
        this.images = images;
        this.styles = styles;
        this.json = json;
    }

    void answer(ServedObject source, String process, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ProcessRequest parsed = ProcessParser.parse(process);
        MediaKind kind = MediaKind.of(source.contentType());
        switch (parsed.kind()) {
            case "video" -> {
                if (parsed.actions().size() == 1 && parsed.actions().get(0).name().equals("info")) {
                    requireKind(kind, MediaKind.VIDEO, "video/info");
                    writeJson(video.info(source.store(), source.key(), source.size(), parsed), response);
                    return;
                }
                requireKind(kind, MediaKind.VIDEO, "video/" + parsed.actions().get(0).name());
                VideoEngine.Cover cover = video.snapshot(DerivedResults.sourceIdOf(source.mediaId(), source.key()),
                        source.store(), source.key(), source.size(), parsed);
                String name = source.fileName() == null ? "cover" : source.fileName().replaceAll("\\.[^.]*$", "");
                BlobResponder.respond(new ServedObject(cover.store(), cover.blob().key(), cover.blob().size(),
                        cover.blob().lastModified(), cover.contentType(), etagOf(cover.blob().key()),
                        name + (cover.contentType().equals("image/png") ? ".png" : ".jpg"), null), request, response);
            }
            case "audio" -> {
                if (kind != MediaKind.AUDIO && kind != MediaKind.VIDEO) {
                    throw ApiException.badRequest("audio/info: the file is not audio");
                }
                writeJson(video.info(source.store(), source.key(), source.size(), parsed), response);
            }
            case "style" -> image(source, styles.resolve(parsed.actions().get(0).name()), kind, request, response);
            default -> image(source, ImageSpec.parse(parsed), kind, request, response);
        }
    }

    private void image(ServedObject source, ImageSpec spec, MediaKind kind, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        String action = "image/" + spec.firstActionName();
        ImageFormat format = ImageFormat.ofContentType(source.contentType());
        if (kind != MediaKind.IMAGE) {
            throw ApiException.badRequest(action + ": the file is not an image");
        }
        if (format == null) {
            throw ApiException.badRequest(action + ": " + source.contentType() + " images cannot be processed");
        }
        if (spec.standAlone()) {
            writeJson(spec.steps().get(0) instanceof Info ? images.info(source.store(), source.key(), source.size())
                    : images.averageHue(source.store(), source.key(), source.size()), response);
            return;
        }
        ImageEngine.Result result = images.process(DerivedResults.sourceIdOf(source.mediaId(), source.key()),
                source.store(), source.key(), source.size(), format, spec);
        String base = source.fileName() == null ? "image" : source.fileName().replaceAll("\\.[^.]*$", "");
        String extension = result.blob().key().substring(result.blob().key().lastIndexOf('.'));
        BlobResponder.respond(new ServedObject(result.store(), result.blob().key(), result.blob().size(),
                result.blob().lastModified(), result.contentType(), etagOf(result.blob().key()), base + extension,
                null), request, response);
    }

    /** A derived key ends in the hash of its source and canonical processing string: a strong, stable tag. */
    private static String etagOf(String derivedKey) {
        String name = derivedKey.substring(derivedKey.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return "\"" + (dot > 0 ? name.substring(0, dot) : name) + "\"";
    }

    private static void requireKind(MediaKind actual, MediaKind wanted, String action) {
        if (actual != wanted) {
            throw ApiException.badRequest(action + ": the file is not a " + wanted.label());
        }
    }

    /** A processed representation, like OSS's and Qiniu's info documents: the bare JSON, not an API envelope. */
    private void writeJson(Object info, HttpServletResponse response) throws IOException {
        byte[] body = json.writeValueAsBytes(info);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.getOutputStream().write(body);
    }
}
