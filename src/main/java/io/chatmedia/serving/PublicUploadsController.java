package io.chatmedia.serving;

import io.chatmedia.media.MediaUrls;
import io.chatmedia.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UrlPathHelper;

/**
 * {@code GET|HEAD /public/uploads/**}: every stored object, public as in the seed (names are unguessable), and its
 * processed variants ({@code ?x-oss-process=}, see {@link ProcessedAnswers}).
 */
@RestController
class PublicUploadsController {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final ServedObjectResolver resolver;
    private final ObjectStoreRedirect redirect;
    private final ProcessedAnswers processed;

    PublicUploadsController(ServedObjectResolver resolver, ObjectStoreRedirect redirect, ProcessedAnswers processed) {
        this.resolver = resolver;
        this.redirect = redirect;
        this.processed = processed;
    }

    @RequestMapping(
            value = {MediaUrls.PUBLIC_PREFIX + "**", "/public/uploads"},
            method = {RequestMethod.GET, RequestMethod.HEAD})
    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = PATHS.getPathWithinApplication(request);
        if (path.length() <= MediaUrls.PUBLIC_PREFIX.length()) {
            throw ApiException.notFound("not found");
        }
        String key = path.substring(MediaUrls.PUBLIC_PREFIX.length());
        ServedObject object = resolver.resolve(key);
        String process = request.getParameter("x-oss-process");
        if (process != null) {
            processed.answer(object, process, request, response);
            return;
        }
        if (redirect.applies(object)) {
            redirect.redirect(object, response);
            return;
        }
        BlobResponder.respond(object, request, response);
    }
}
