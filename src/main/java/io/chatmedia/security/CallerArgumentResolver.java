package io.chatmedia.security;

import io.chatmedia.system.AccessLogFilter;
import io.chatmedia.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Supplies a verified {@link Caller} to handler methods that declare one; 401 when there is no valid token. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    /** Where the access log finds who asked. */
    static final String ATTRIBUTE = AccessLogFilter.CALLER_ATTRIBUTE;

    private final TokenVerifier verifier;

    CallerArgumentResolver(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mav,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String token = TokenExtractor.from(request).orElseThrow(() -> ApiException.unauthorized("token required"));
        Caller caller = verifier.verify(token);
        request.setAttribute(ATTRIBUTE, caller.role().label() + ":" + caller.id());
        return caller;
    }
}
