package io.chatmedia.media;

import java.time.Instant;
import java.util.List;

/** The media JSON of the native API (snake_case on the wire). */
public record MediaView(
        String id,
        String kind,
        String url,
        String path,
        String contentType,
        long size,
        String sha256,
        Integer width,
        Integer height,
        Long durationMs,
        Integer rotation,
        String videoCodec,
        String audioCodec,
        Long bitrate,
        Double fps,
        Boolean hasAudio,
        Boolean animated,
        Integer frameCount,
        Integer sampleRate,
        Integer channels,
        List<Integer> waveform,
        String blurhash,
        String coverUrl,
        String playUrl,
        String originalName,
        long imageClassId,
        Instant createdAt) {

    /** The cover of a video: its first keyframe, upright, at full size (a derived result, cached once asked). */
    static final String COVER = "?x-oss-process=video/snapshot,t_0,m_fast,f_jpg";

    /**
     * A voice message every platform plays: M4A/AAC (mono 64 kbps for voice), converted on its first GET and kept.
     */
    static final String PLAY = "?x-oss-process=audio/convert,f_m4a";

    public static MediaView of(Media media, MediaUrls urls) {
        Media.Probe probe = media.probe();
        String url = urls.urlOf(media);
        boolean video = media.kind() == MediaKind.VIDEO && media.width() != null;
        boolean playable = media.kind() == MediaKind.AUDIO
                && probe != null
                && probe.audioCodec() != null
                && !probe.audioCodec().equals("silk");
        return new MediaView(
                media.id(),
                media.kind().label(),
                url,
                media.storageKey(),
                media.contentType(),
                media.size(),
                media.sha256(),
                media.width(),
                media.height(),
                media.durationMs(),
                media.rotation(),
                probe == null ? null : probe.videoCodec(),
                probe == null ? null : probe.audioCodec(),
                probe == null ? null : probe.bitrate(),
                probe == null ? null : probe.fps(),
                probe == null ? null : probe.hasAudio(),
                probe == null ? null : probe.animated(),
                probe == null ? null : probe.frameCount(),
                probe == null ? null : probe.sampleRate(),
                probe == null ? null : probe.channels(),
                probe == null ? null : probe.waveform(),
                probe == null ? null : probe.blurhash(),
                video ? url + COVER : null,
                playable ? url + PLAY : null,
                media.originalName(),
                media.imageClassId(),
                media.createdAt());
    }
}
