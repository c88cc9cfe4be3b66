package io.chatmedia.serving;

import io.chatmedia.process.ProcessSource;
import io.chatmedia.process.Processed;
import io.chatmedia.process.Processor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers {@code ?x-oss-process=} on a stored object through the {@link Processor}: a derived result (cover,
 * thumbnail, conversion) is served like any stored object (validators, ranges); a document ({@code image/info},
 * {@code video/info}...) as bare JSON.
 */
@Component
class ProcessedAnswers {

    private final Processor processor;
    private final JsonMapper json;

    ProcessedAnswers(Processor processor, JsonMapper json) {
        this.processor = processor;
        this.json = json;
    }

    void answer(ServedObject source, String process, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Processed processed = processor.process(
                ProcessSource.of(source.mediaId(), source.store(), source.key(), source.size(), source.contentType()),
                process);
        if (processed instanceof Processed.Document document) {
            writeJson(document.body(), response);
            return;
        }
        Processed.Derived derived = (Processed.Derived) processed;
        String base = source.fileName() == null
                ? derived.fallbackName()
                : source.fileName().replaceAll("\\.[^.]*$", "");
        BlobResponder.respond(
                new ServedObject(
                        derived.store(),
                        derived.blob().key(),
                        derived.blob().size(),
                        derived.blob().lastModified(),
                        derived.contentType(),
                        derived.etag(),
                        base + derived.extension(),
                        null),
                request,
                response);
    }

    /** A processed representation, like OSS's and Qiniu's info documents: the bare JSON, not an API envelope. */
    private void writeJson(Object document, HttpServletResponse response) throws IOException {
        byte[] body = json.writeValueAsBytes(document);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.getOutputStream().write(body);
    }
}
