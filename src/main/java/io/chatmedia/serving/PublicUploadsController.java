package io.chatmedia.serving;

import io.chatmedia.media.MediaUrls;
import io.chatmedia.storage.BlobNotFoundException;
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
 * processed variants ({@code ?x-oss-process=}, see {@link ProcessedAnswers}). A recorded object whose bytes are
 * missing from its store is a 404, like one never stored.
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
        try {
            serve(resolver.resolve(key), request, response);
        } catch (BlobNotFoundException e) {
            // recorded, but its bytes are gone (deleted behind ChatMedia's back): not found, not a failure of ours
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            throw ApiException.notFound("not found");
        }
    }

    private void serve(ServedObject object, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String process = request.getParameter("x-oss-process");
        if (process != null) {
            processed.answer(object, process, request, response);
            return;
        }
        if (redirect.applies(object)) {
            if (object.store().stat(object.key()).isEmpty()) {
                throw new BlobNotFoundException(object.key()); // the store's own 404 would not be our envelope
            }
            redirect.redirect(object, response);
            return;
        }
        if ("HEAD".equalsIgnoreCase(request.getMethod())
                && object.store().stat(object.key()).isEmpty()) {
            throw new BlobNotFoundException(object.key()); // a GET reads the bytes and finds out on its own
        }
        BlobResponder.respond(object, request, response);
    }
}
