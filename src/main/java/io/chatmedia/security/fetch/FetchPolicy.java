package io.chatmedia.security.fetch;

import io.chatmedia.system.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which URLs may be fetched, judged from their text before anything is resolved or connected: {@code http} and
 * {@code https} only, on a host of the allow-list — otherwise 403 naming the scheme or host; a string that is not an
 * absolute URL with a host and a valid port, or carries a user name/password, is 400. A redirect's {@code Location}
 * is judged like the first URL. The addresses behind a host are checked later, at connect time
 * ({@link VettingResolver}, {@link GuardedSocket}).
 */
final class FetchPolicy {

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

    private final HostAllowList allowList;
    private final FetchErrors errors;

    FetchPolicy(HostAllowList allowList, FetchErrors errors) {
        this.allowList = allowList;
        this.errors = errors;
    }

    /** The URL to request: the scheme in lower case, without the fragment (never sent). */
    URI check(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.badRequest("the URL is empty");
        }
        String trimmed = url.trim();
        Matcher scheme = SCHEME.matcher(trimmed);
        if (!scheme.find()) {
            throw ApiException.badRequest("the URL is not an absolute http(s) URL");
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (!name.equals("http") && !name.equals("https")) {
            throw ApiException.forbidden("only http and https URLs may be fetched, not " + name + ":");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("the URL is not valid");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiException.badRequest("the URL has no valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.badRequest("URLs with a user name or password are not accepted");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw ApiException.badRequest("the URL has an invalid port");
        }
        if (!allowList.permits(uri.getHost())) {
            String host = HostAllowList.normalize(uri.getHost());
            throw ApiException.forbidden(
                    allowList.isEmpty()
                            ? "refusing to fetch from " + host + ": fetching from other hosts is disabled"
                                    + " (chatmedia.fetch.allowed-hosts is empty)"
                            : "refusing to fetch from " + host + ": the host is not on the allow-list"
                                    + " (chatmedia.fetch.allowed-hosts)");
        }
        return URI.create(name + stripFragment(trimmed.substring(scheme.end() - 1)));
    }

    /**
     * Where a redirect from {@code from} leads, {@code location} (the header's value, or {@code null}) resolved
     * against it and checked like {@link #check}; a refusal names the host that redirected.
     */
    URI redirectTarget(URI from, String location) {
        if (location == null || location.isBlank()) {
            throw errors.failed("upstream redirected without a Location");
        }
        URI target;
        try {
            target = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw errors.failed("upstream redirected to an invalid URL");
        }
        try {
            return check(target.toString());
        } catch (ApiException refused) {
            throw FetchErrors.redirectedFrom(refused, HostAllowList.normalize(from.getHost()));
        }
    }

    /** 301, 302, 303, 307 and 308: the redirects followed. */
    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String stripFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }
}
