package io.chatmedia.upload;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * The seed's naming rules for stored files, kept exactly so existing clients and links keep working:
 * Diy uploads {@code Diy/{dir}/{yyyyMMdd}/{epochMillis}_{8 random digits}{.ext}} and everything else
 * {@code {prefix}/{yyyyMMdd}/{epochMillis}_{12 hex chars from 6 random bytes}{.ext}}. Dates are in the
 * server's time zone, as the seed's were.
 */
@Component
public class StorageKeys {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final ZoneId zone;

    public StorageKeys() {
        this(Clock.systemDefaultZone());
    }

    StorageKeys(Clock clock) {
        this.clock = clock;
        this.zone = clock.getZone();
    }

    public String diy(String folder, String fileName) {
        long now = clock.millis();
        String digits = String.format("%08d", RANDOM.nextInt(100_000_000));
        return "Diy/" + folder + "/" + day(now) + "/" + now + "_" + digits + FileExtension.of(fileName);
    }

    public String dated(String prefix, String fileName) {
        long now = clock.millis();
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return prefix + "/" + day(now) + "/" + now + "_" + HexFormat.of().formatHex(random)
                + FileExtension.of(fileName);
    }

    private String day(long epochMillis) {
        return DAY.format(LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone));
    }
}
