package io.chatmedia.security;

import io.chatmedia.system.AccessLogFilter;
import io.chatmedia.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Supplies a verified {@link Caller} to handler methods that declare one; 401 when there is no valid token. A
 * parameter of type {@code Optional<Caller>} is empty when the request carries no token at all (a token that is
 * there but invalid is still a 401).
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    /** Where the access log finds who asked. */
    static final String ATTRIBUTE = AccessLogFilter.CALLER_ATTRIBUTE;

    private final TokenVerifier verifier;

    CallerArgumentResolver(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class
                || (parameter.getParameterType() == Optional.class
                        && parameter.nestedIfOptional().getNestedParameterType() == Caller.class);
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mav,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Optional<String> found = TokenExtractor.from(request);
        if (parameter.getParameterType() == Optional.class) {
            return found.map(token -> verified(token, request));
        }
        return verified(found.orElseThrow(() -> ApiException.unauthorized("token required")), request);
    }

    private Caller verified(String token, HttpServletRequest request) {
        Caller caller = verifier.verify(token);
        request.setAttribute(ATTRIBUTE, caller.role().label() + ":" + caller.id());
        return caller;
    }
}
