package io.chatmedia.upload;

import io.chatmedia.system.ApiException;
import java.util.Map;

/**
 * How a route finds the image class id recorded with an upload, asked once the file is stored, with the form
 * fields that came with it. The native API has none ({@link #NONE}: 0); the seed's routes read their own fields.
 */
@FunctionalInterface
public interface ImageClassRule {

    /** Every upload gets 0. */
    ImageClassRule NONE = fields -> 0;

    /**
     * @throws ApiException to refuse the upload; the stored file is removed before the answer
     */
    long imageClassId(Map<String, String> fields);
}
