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
 * {@code GET|HEAD /public/uploads/**}: every stored object, public as in the seed (names are unguessable).
 * Processing parameters ({@code x-oss-process}) are refused until a media engine handles them, rather than
 * answered with the unprocessed original.
 */
@RestController
class PublicUploadsController {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final ServedObjectResolver resolver;
    private final ObjectStoreRedirect redirect;

    PublicUploadsController(ServedObjectResolver resolver, ObjectStoreRedirect redirect) {
        this.resolver = resolver;
        this.redirect = redirect;
    }

    @RequestMapping(value = {MediaUrls.PUBLIC_PREFIX + "**", "/public/uploads"},
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
            throw ApiException.badRequest("x-oss-process: '" + kindOf(process) + "' processing is not available on this server");
        }
        if (redirect.applies(object)) {
            redirect.redirect(object, response);
            return;
        }
        BlobResponder.respond(object, request, response);
    }

    private static String kindOf(String process) {
        int slash = process.indexOf('/');
        String kind = slash < 0 ? process : process.substring(0, slash);
        return kind.length() > 32 ? kind.substring(0, 32) : kind;
    }
}
