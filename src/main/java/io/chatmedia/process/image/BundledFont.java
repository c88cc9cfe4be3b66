package io.chatmedia.process.image;

import io.chatmedia.system.ChatMediaProperties;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.stereotype.Component;

/**
 * The watermark font (WenQuanYi Micro Hei: Latin and CJK), loaded once, from a file: Java copies a font read from a
 * stream into a {@code +~JF….tmp} file in {@code java.io.tmpdir} that stays there until the JVM exits (and for good
 * after a crash). From the class folder the bundled file is used as it is; from a jar it is extracted once into
 * {@code <data-dir>/fonts/} and reused by every later start.
 */
@Component
public class BundledFont {

    static final String RESOURCE = "/fonts/wqy-microhei.ttc";

    private final Path dataDir;
    private volatile Font font;

    BundledFont(ChatMediaProperties properties) {
        this.dataDir = properties.dataDir();
    }

    /** The font at size 1; loaded on first use. */
    public Font font() {
        Font loaded = font;
        if (loaded == null) {
            synchronized (this) {
                if (font == null) {
                    font = load();
                }
                loaded = font;
            }
        }
        return loaded;
    }

    private Font load() {
        System.setProperty("java.awt.headless", "true");
        try {
            return Font.createFonts(file())[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("the bundled font cannot be read", e);
        }
    }

    private File file() throws IOException {
        URL url = BundledFont.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("the bundled font " + RESOURCE + " is missing");
        }
        if (url.getProtocol().equals("file")) {
            try {
                return new File(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
        Path target = dataDir.resolve("fonts").resolve("wqy-microhei.ttc");
        long size = url.openConnection().getContentLengthLong();
        if (!Files.isRegularFile(target) || Files.size(target) != size) {
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            try (InputStream in = url.openStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target.toFile();
    }
}
