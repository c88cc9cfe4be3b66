package io.chatmedia.security;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps {@link Caller} out of the OpenAPI document: the caller comes from the token, not from a request parameter.
 * Registered once when this class loads; nothing here can fail at request time.
 */
@Configuration
class CallerOpenApiConfig {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }
}
