package io.chatmedia.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.CompletableFuture;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;
import org.springframework.stereotype.Component;

/**
 * Names a stream's content type from its first bytes (Tika's magic numbers), never from the client's word
 * or the file name: an HTML page renamed {@code .png} is {@code text/html}.
 */
@Component
public class ContentSniffer {

    /** Enough for every magic pattern Tika core knows (its longest offset is below this). */
    public static final int PREFIX_BYTES = 64 * 1024;

    private static final String QUICKTIME = "video/quicktime";
    private static final String MATROSKA = "application/x-matroska";

    /** WeChat's and QQ's voice format; no registered type, this is the one in use. */
    public static final String SILK = "audio/silk";

    private static final byte[] SILK_MAGIC = "#!SILK_V3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Tika's type table, read (a large XML document, about 1 s of a start on this 2-core machine) on another thread
     * from the start on, so the start does not wait for it; the first upload does, if it comes before it is read.
     */
    private final CompletableFuture<MimeTypes> mimeTypes =
            CompletableFuture.supplyAsync(MimeTypes::getDefaultMimeTypes);

    /**
     * Reads up to {@link #PREFIX_BYTES} from {@code in} and names their type.
     *
     * @return the type and a stream that yields every byte of {@code in}, the prefix included
     */
    public Sniffed sniff(InputStream in) throws IOException {
        byte[] prefix = in.readNBytes(PREFIX_BYTES);
        return new Sniffed(detect(prefix), new SequenceInputStream(new ByteArrayInputStream(prefix), in));
    }

    /** The content type of a file that starts with {@code prefix}; {@code application/octet-stream} when unknown. */
    public String detect(byte[] prefix) throws IOException {
        String type = mimeTypes
                .join()
                .detect(new ByteArrayInputStream(prefix), new Metadata())
                .getBaseType()
                .toString();
        if (QUICKTIME.equals(type) && !isQuickTimeBrand(prefix)) {
            type = "video/mp4";
        }
        if (MATROSKA.equals(type)) {
            // Tika core knows WebM only by its file name; the EBML header's DocType tells WebM from Matroska.
            boolean audio = EbmlDocType.audioOnly(prefix).orElse(false);
            return EbmlDocType.of(prefix)
                    .map(docType -> (audio ? "audio/" : "video/") + (docType.equals("webm") ? "webm" : "x-matroska"))
                    .orElse(type);
        }
        if ((type.equals("video/mp4") || type.equals("video/3gpp") || type.equals("video/3gpp2"))
                && AudioOnly.isoMedia(prefix).orElse(false)) {
            return "audio/" + type.substring("video/".length());
        }
        if (type.equals("application/ogg") || type.equals("video/ogg")) {
            return AudioOnly.ogg(prefix)
                    .map(audio -> audio ? "audio/ogg" : "video/ogg")
                    .orElse(type);
        }
        if (type.equals("application/octet-stream") && isSilk(prefix)) {
            return SILK;
        }
        return type;
    }

    /**
     * Tika names every ISO base media file whose brand it does not list ({@code isom}, the brand most phones and
     * FFmpeg write) QuickTime; browsers other than Safari refuse {@code video/quicktime}, so only a file whose major
     * brand really is QuickTime's ({@code qt  }) or that has no {@code ftyp} box at all keeps that name.
     */
    private static boolean isQuickTimeBrand(byte[] prefix) {
        if (prefix.length < 12 || prefix[4] != 'f' || prefix[5] != 't' || prefix[6] != 'y' || prefix[7] != 'p') {
            return true;
        }
        return prefix[8] == 'q' && prefix[9] == 't';
    }

    /** {@code #!SILK_V3}, at the start or behind a 0x02 byte (WeChat's variant). */
    static boolean isSilk(byte[] prefix) {
        for (int at = 0; at <= 1; at++) {
            if (prefix.length >= at + SILK_MAGIC.length
                    && (at == 0 || prefix[0] == 0x02)
                    && java.util.Arrays.equals(prefix, at, at + SILK_MAGIC.length, SILK_MAGIC, 0, SILK_MAGIC.length)) {
                return true;
            }
        }
        return false;
    }

    /** A detected type and the whole stream. */
    public record Sniffed(String contentType, InputStream stream) {}
}
