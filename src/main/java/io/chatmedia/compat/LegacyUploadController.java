package io.chatmedia.compat;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaUrls;
import io.chatmedia.security.Caller;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.storage.StorageUnavailableException;
import io.chatmedia.system.ApiException;
import io.chatmedia.system.DatabaseOutage;
import io.chatmedia.system.Envelope;
import io.chatmedia.upload.StorageKeys;
import io.chatmedia.upload.UploadService;
import io.chatmedia.upload.UploadTarget;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's two upload routes, answered in the seed's shapes over the native upload service. Errors carry
 * the seed's {@code 上传失败: } prefix, which its client shows as it is.
 */
@RestController
@RequestMapping("/api/chat")
class LegacyUploadController {

    static final String FAILED = "上传失败: ";
    private final UploadService uploads;
    private final BlobStores stores;
    private final StorageKeys keys;
    private final LegacyObjectUrls objectUrls;
    private final String objectFolder;

    LegacyUploadController(
            UploadService uploads,
            BlobStores stores,
            StorageKeys keys,
            LegacyObjectUrls objectUrls,
            KeyFolders folders) {
        this.uploads = uploads;
        this.stores = stores;
        this.keys = keys;
        this.objectUrls = objectUrls;
        this.objectFolder = folders.seed();
    }

    /**
     * Contract §1: one file, field {@code file}, into {@code Diy/{diydir}/...} on the primary store: the seed's own
     * disk on a single node, the shared object store when one is configured (so any node serves the URL).
     */
    @PostMapping("/uploadStreamSingleToServerDiy/{diydir}")
    Envelope uploadToDiy(@PathVariable String diydir, Caller caller, HttpServletRequest request) throws IOException {
        String folder = withPrefix(() -> DiyFolder.check(diydir));
        UploadTarget target = UploadTarget.field(stores.primary(), name -> keys.diy(folder, name), "file");
        Media media = withPrefix(() -> uploads.receiveMultipart(request, caller, target, ImageClassId.of(request)))
                .media();
        return Envelope.ok(Map.of("url", MediaUrls.pathOf(media.storageKey())));
    }

    /** The Diy route without a folder (or with one that normalised away): a 400, not a 404. */
    @PostMapping({"/uploadStreamSingleToServerDiy", "/uploadStreamSingleToServerDiy/"})
    Envelope uploadToDiyWithoutFolder() {
        throw new ApiException(HttpStatus.BAD_REQUEST, FAILED + "diydir is required");
    }

    /** Contract §2: one file, field {@code img}, into the object store (or the local disk when none). */
    @PostMapping("/uploadAliyun")
    Envelope uploadToObjectStore(Caller caller, HttpServletRequest request) throws IOException {
        UploadTarget target = UploadTarget.field(stores.primary(), name -> keys.dated(objectFolder, name), "img");
        Media media = withPrefix(() -> uploads.receiveMultipart(request, caller, target, ImageClassId.of(request)))
                .media();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("url", objectUrls.urlOf(media));
        item.put("path", media.storageKey());
        item.put("image_class_id", media.imageClassId());
        item.put("create_time", media.createdAt().getEpochSecond());
        return Envelope.ok(List.of(item));
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    private static <T> T withPrefix(Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (ApiException e) {
            throw new ApiException(e.status(), FAILED + e.getMessage(), e);
        } catch (StorageUnavailableException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, FAILED + "storage unavailable, try again later", e);
        } catch (DataAccessException e) {
            if (DatabaseOutage.is(e)) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, FAILED + DatabaseOutage.REASON, e);
            }
            throw e;
        }
    }
}
