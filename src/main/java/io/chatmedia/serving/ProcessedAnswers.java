package io.chatmedia.serving;

import io.chatmedia.media.MediaKind;
import io.chatmedia.process.DerivedResults;
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
 * ranges) from the derived-result cache; {@code video/info} and {@code audio/info} as JSON. Image processing is not
 * built yet and is refused rather than answered with the unprocessed original.
 */
@Component
class ProcessedAnswers {

    private final VideoEngine video;
    private final JsonMapper json;

    ProcessedAnswers(VideoEngine video, JsonMapper json) {
        this.video = video;
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
            default -> throw ApiException.badRequest("x-oss-process: " + parsed.kind()
                    + " processing is not available on this server yet");
        }
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
