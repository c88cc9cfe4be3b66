package io.chatmedia.upload;

/** A stored blob with the name the client gave the file. */
record UploadedFile(StoredBlob blob, String originalName) {
}
