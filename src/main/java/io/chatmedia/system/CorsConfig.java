package io.chatmedia.system;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
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

    /**
     * The cross-origin rules of every route, for code that answers outside Spring MVC's handlers (the serving fast
     * path applies them with Spring's {@code DefaultCorsProcessor}, as MVC does).
     */
    @Bean
    public CorsConfiguration chatMediaCors() {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOriginPatterns(List.of(allowedOrigins));
        config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"));
        config.setAllowedHeaders(List.of(
                "token",
                "Authorization",
                "Content-Type",
                "Range",
                "If-None-Match",
                "If-Modified-Since",
                "If-Range",
                "X-Requested-With",
                // resumable uploads (tus 1.0)
                "Tus-Resumable",
                "Upload-Length",
                "Upload-Offset",
                "Upload-Metadata",
                "Upload-Defer-Length",
                "Upload-Checksum",
                "Upload-Concat",
                "X-HTTP-Method-Override"));
        config.setExposedHeaders(List.of(
                "Content-Range",
                "Content-Length",
                "Accept-Ranges",
                "ETag",
                "Last-Modified",
                "Content-Disposition",
                // resumable uploads (tus 1.0): a browser client reads these across origins
                "Location",
                "Tus-Resumable",
                "Tus-Version",
                "Tus-Extension",
                "Tus-Max-Size",
                "Tus-Checksum-Algorithm",
                "Upload-Offset",
                "Upload-Length",
                "Upload-Metadata",
                "Upload-Defer-Length",
                "Upload-Expires",
                "X-Media-Id",
                "X-Media-Url"));
        config.setAllowCredentials(false);
        config.setMaxAge(86_400L);
        return config;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        CorsConfiguration config = chatMediaCors();
        registry.addMapping("/**")
                .allowedOriginPatterns(array(config.getAllowedOriginPatterns()))
                .allowedMethods(array(config.getAllowedMethods()))
                .allowedHeaders(array(config.getAllowedHeaders()))
                .exposedHeaders(array(config.getExposedHeaders()))
                .allowCredentials(config.getAllowCredentials())
                .maxAge(config.getMaxAge());
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }
}
