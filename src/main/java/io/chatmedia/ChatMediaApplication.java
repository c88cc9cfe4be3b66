package io.chatmedia;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** ChatMedia: a self-hosted media server for instant-messaging apps. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatMediaApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatMediaApplication.class, args);
    }
}
