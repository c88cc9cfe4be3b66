package io.chatmedia.security;

import io.chatmedia.system.ChatMediaProperties;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires token verification: the secret (configured or generated) and the {@link Caller} argument. */
@Configuration
class SecurityConfig implements WebMvcConfigurer {

    private final TokenVerifier verifier;

    SecurityConfig(ChatMediaProperties properties) throws IOException {
        this.verifier =
                new TokenVerifier(JwtSecretSource.resolve(properties.auth().jwtSecret(), properties.dataDir()));
    }

    @Bean
    TokenVerifier tokenVerifier() {
        return verifier;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(verifier));
    }
}
