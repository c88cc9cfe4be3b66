package io.chatmedia.upload;

import java.io.InputStream;

/**
 * One file part of a multipart body, readable once, as it arrives.
 *
 * @param fieldName the form field it came under
 * @param fileName  the client's file name, possibly empty, never null
 * @param content   the part's bytes; valid only while the part is being handled
 */
public record FilePart(String fieldName, String fileName, InputStream content) {}
