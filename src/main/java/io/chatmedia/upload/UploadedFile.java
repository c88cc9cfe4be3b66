package io.chatmedia.upload;

import io.chatmedia.media.StoredBlob;

/** A stored blob with the name the client gave the file. */
record UploadedFile(StoredBlob blob, String originalName) {}
