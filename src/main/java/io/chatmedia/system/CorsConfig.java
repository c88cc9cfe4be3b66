package io.chatmedia.system;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cross-origin access for browser clients (the uni-app H5 build runs on its own origin): the token travels in a
 * header, never in a cookie, so allowing any origin ({@code chatmedia.cors.allowed-origins}, default {@code *})
 * grants nothing a script could not do with the token anyway. Preflights are answered without a token.
 */
@Configuration
class CorsConfig implements WebMvcConfigurer {

    private final String[] allowedOrigins;

    CorsConfig(@Value("${chatmedia.cors.allowed-origins:*}") String[] allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/**")
                .allowedOriginPatterns(allowedOrigins)
                .allowedMethods("GET", "HEAD", "POST", "DELETE", "OPTIONS")
                .allowedHeaders(
                        "token",
                        "Authorization",
                        "Content-Type",
                        "Range",
                        "If-None-Match",
                        "If-Modified-Since",
                        "If-Range",
                        "X-Requested-With")
                .exposedHeaders(
                        "Content-Range",
                        "Content-Length",
                        "Accept-Ranges",
                        "ETag",
                        "Last-Modified",
                        "Content-Disposition")
                .allowCredentials(false)
                .maxAge(86_400);
    }
}
