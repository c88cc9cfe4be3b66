package io.chatmedia.storage.s3;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.storage.ResumableWrites;
import io.chatmedia.system.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resumable objects in the bucket, after tusd's S3 store: one multipart upload on the final key, started with the
 * upload; every full part (the store's part size) goes up as soon as it is received and is a checkpoint — sent while
 * its bytes still arrive when the request's declared length tells the part's length in advance ({@link
 * GrowingPart}); what is left at the end of a request goes up as a part of its own when it is at least the S3 minimum
 * (5 MiB), or else as a small object of its own under {@code resumable/} (the tail), which the next request reads
 * back and puts in front of its bytes. Nothing lives on a node's disk, so any node can take an upload over, even
 * after one died. A tail's key names where it starts, so a refused request never overwrites the tail the last
 * checkpoint points at; every tail goes at completion or abort.
 */
final class S3ResumableWrites implements ResumableWrites {

    static final int MIN_PART = 5 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final JsonMapper JSON = JsonMapper.shared();

    /**
     * What the bucket holds of one upload: the multipart upload, its parts, the tail's size and the ETag the bucket
     * gave it (null in states saved before it was kept: such a tail is read from the bucket).
     */
    record State(String uploadId, List<Part> parts, long tail, String tailEtag) {

        record Part(int number, String etag, long size) {}

        static State parse(String text) {
            return JSON.readValue(text, State.class);
        }

        String render() {
            return JSON.writeValueAsString(this);
        }
    }

    private final S3Client client;
    private final String bucket;
    private final int partSize;
    private final PendingUploads pending;
    private final TailCache tails = new TailCache(TailCache.MAX_BYTES);
    private final Md5 md5;
    private final Executor senders;

    /** @param senders threads that send a part while the request's thread still receives its bytes */
    S3ResumableWrites(S3Client client, String bucket, int partSize, PendingUploads pending, Executor senders) {
        this.client = client;
        this.senders = senders;
        this.md5 = Md5.forClient(client);
        this.bucket = bucket;
        this.partSize = partSize;
        this.pending = pending;
    }

    @Override
    public String begin(String key) throws IOException {
        BlobKeys.check(key);
        try {
            String uploadId = client.createMultipartUpload(
                            request -> request.bucket(bucket).key(key))
                    .uploadId();
            return new State(uploadId, List.of(), 0, null).render();
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    @Override
    public long stored(String key, String state, long persisted) {
        return persisted;
    }

    @Override
    public Progress append(
            String key,
            String stateText,
            long offset,
            InputStream content,
            long contentLength,
            Long finalLength,
            Checkpoint checkpoint)
            throws IOException {
        State state = State.parse(stateText);
        List<State.Part> parts = new ArrayList<>(state.parts());
        byte[] buffer = new byte[partSize];
        int filled = 0;
        if (state.tail() > 0) {
            filled = tailInto(key, offset - state.tail(), state, buffer);
        }
        long position = offset;
        try {
            while (true) {
                long unread = contentLength < 0 ? -1 : contentLength - (position - offset);
                int streamed = streamedLength(filled, unread, position, finalLength);
                if (streamed > 0) {
                    GrowingPart part = new GrowingPart(buffer, filled, streamed);
                    PartSend send = sendWhileReceived(key, state.uploadId(), parts.size() + 1, part);
                    int got = receive(part, content, send);
                    position += got - filled;
                    filled = got;
                    if (got < streamed) {
                        break; // the request ended early: what came is kept below, as a part or a tail
                    }
                    parts.add(new State.Part(parts.size() + 1, send.await().eTag(), got));
                } else {
                    int n = content.readNBytes(buffer, filled, buffer.length - filled);
                    filled += n;
                    position += n;
                    if (filled < buffer.length) {
                        break;
                    }
                    parts.add(uploadPart(key, state.uploadId(), parts.size() + 1, buffer, filled));
                }
                filled = 0;
                if (checkpoint != null) {
                    checkpoint.reached(new Progress(position, new State(state.uploadId(), parts, 0, null).render()));
                }
            }
            long tail = 0;
            String tailEtag = null;
            boolean ends = finalLength != null && position == finalLength;
            if (filled > 0 && (ends || filled >= MIN_PART)) {
                parts.add(uploadPart(key, state.uploadId(), parts.size() + 1, buffer, filled));
            } else if (filled > 0) {
                tailEtag = putTail(key, position - filled, buffer, filled);
                tail = filled;
            }
            return new Progress(position, new State(state.uploadId(), parts, tail, tailEtag).render());
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    /**
     * The length of the next part when it is known before its bytes come, so it can be sent while they do: a whole
     * part when the request still declares at least that much, or the upload's last part when the request ends the
     * upload; 0 otherwise (the bytes are received first, as a part or a tail).
     */
    private int streamedLength(int filled, long unread, long position, Long finalLength) {
        if (unread <= 0) {
            return 0;
        }
        if (unread >= partSize - filled) {
            return partSize;
        }
        boolean endsUpload = finalLength != null && position + unread == finalLength;
        return endsUpload ? (int) (filled + unread) : 0;
    }

    /**
     * Fills the part from the request while it is sent; @return the bytes in the buffer (fewer than the part's length
     * when the request ended early: then the send is stopped and the bytes stay for a tail)
     */
    private static int receive(GrowingPart part, InputStream content, PartSend send) throws IOException {
        int got;
        try {
            got = part.fillFrom(content);
        } catch (IOException | RuntimeException | Error e) {
            part.fail("the request failed");
            send.stop();
            throw e;
        }
        if (got < part.length()) {
            send.stop();
        }
        return got;
    }

    private PartSend sendWhileReceived(String key, String uploadId, int number, GrowingPart part) throws IOException {
        if (number > MAX_PARTS) {
            throw new IOException("object too large for " + MAX_PARTS + " parts");
        }
        return PartSend.start(senders, () -> {
            // No Content-MD5: it would have to be known before the first byte. Over plain HTTP each chunk of the body
            // is signed (aws-chunked SigV4) as it is sent; over HTTPS TLS guards the bytes on the way.
            String etag = client.uploadPart(
                            request -> request.bucket(bucket)
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength((long) part.length()),
                            RequestBody.fromContentProvider(part::reader, part.length(), "application/octet-stream"))
                    .eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        });
    }

    @Override
    public void truncate(String key, Progress progress) {
        // Parts past the checkpoint are overwritten by number or left out at completion; tails are never overwritten.
    }

    @Override
    public Optional<InputStream> openStored(String key, String state, long length) {
        return Optional.empty();
    }

    @Override
    public BlobInfo complete(String key, String stateText, long length) throws IOException {
        State state = State.parse(stateText);
        List<State.Part> parts = new ArrayList<>(state.parts());
        try {
            if (state.tail() > 0) {
                byte[] buffer = new byte[(int) state.tail()];
                tailInto(key, length - state.tail(), state, buffer);
                parts.add(uploadPart(key, state.uploadId(), parts.size() + 1, buffer, buffer.length));
            }
            long sum = parts.stream().mapToLong(State.Part::size).sum();
            if (sum != length) {
                throw new IOException("the parts of " + key + " hold " + sum + " bytes, not " + length);
            }
            List<CompletedPart> completed = parts.stream()
                    .map(part -> CompletedPart.builder()
                            .partNumber(part.number())
                            .eTag(part.etag())
                            .build())
                    .toList();
            client.completeMultipartUpload(request -> request.bucket(bucket)
                    .key(key)
                    .uploadId(state.uploadId())
                    .multipartUpload(upload -> upload.parts(completed)));
            HeadSize head = headSize(key);
            if (head.size() != length) {
                throw new IOException("object " + key + " holds " + head.size() + " bytes, " + length + " were sent");
            }
            deleteTails(key);
            tails.forget(key);
            return new BlobInfo(key, head.size(), head.lastModified());
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    @Override
    public void abort(String key, String stateText) throws IOException {
        State state = State.parse(stateText);
        try {
            client.abortMultipartUpload(
                    request -> request.bucket(bucket).key(key).uploadId(state.uploadId()));
        } catch (NoSuchUploadException gone) {
            // aborted or completed already
        } catch (SdkException e) {
            pending.remember(key, state.uploadId());
            throw S3Failures.translate(e, bucket);
        }
        tails.forget(key);
        try {
            deleteTails(key);
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    private State.Part uploadPart(String key, String uploadId, int number, byte[] buffer, int length)
            throws IOException {
        if (number > MAX_PARTS) {
            throw new IOException("object too large for " + MAX_PARTS + " parts");
        }
        String etag = PartUploads.uploadPart(client, bucket, key, uploadId, number, buffer, length, md5);
        return new State.Part(number, etag, length);
    }

    /** Tails are named by the upload's final key and the offset they start at. */
    private static String tailPrefix(String key) {
        return KeyFolders.prefixOf(KeyFolders.RESUMABLE) + Sha256.hex(key).substring(0, 40) + "/";
    }

    private static String tailKey(String key, long start) {
        return tailPrefix(key) + start;
    }

    /** Puts the tail and remembers it in this process; @return the ETag the bucket gave it */
    private String putTail(String key, long start, byte[] buffer, int length) {
        String etag = client.putObject(
                        request -> request.bucket(bucket)
                                .key(tailKey(key, start))
                                .contentLength((long) length)
                                .contentMD5(md5.of(buffer, length)),
                        PartUploads.bodyOf(buffer, length))
                .eTag();
        tails.put(key, start, etag, buffer, length);
        return etag;
    }

    /** The tail the state names, from this process's memory when it put that very tail, else from the bucket. */
    private int tailInto(String key, long start, State state, byte[] buffer) throws IOException {
        int length = (int) state.tail();
        if (tails.copyInto(key, start, state.tailEtag(), buffer, length)) {
            return length;
        }
        return readTail(key, start, buffer, length);
    }

    /** The first {@code length} bytes of the buffer as a request body, read in place (no copy of the part). */
    private int readTail(String key, long start, byte[] buffer, int length) throws IOException {
        try (InputStream in = client.getObject(
                request -> request.bucket(bucket).key(tailKey(key, start)).range("bytes=0-" + (length - 1)))) {
            int n = in.readNBytes(buffer, 0, length);
            if (n != length) {
                throw new IOException("the tail of " + key + " holds " + n + " bytes, not " + length);
            }
            return n;
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    private void deleteTails(String key) {
        for (S3Object object : client.listObjectsV2Paginator(
                        request -> request.bucket(bucket).prefix(tailPrefix(key)))
                .contents()) {
            client.deleteObject(request -> request.bucket(bucket).key(object.key()));
        }
    }

    private record HeadSize(long size, Instant lastModified) {}

    private HeadSize headSize(String key) {
        var head = client.headObject(request -> request.bucket(bucket).key(key));
        return new HeadSize(head.contentLength(), head.lastModified());
    }
}
