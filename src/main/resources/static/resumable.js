// Large files go through tus (/v1/uploads) with tus-js-client, when the server ships it at /vendor/tus.min.js;
// an interrupted upload resumes from the stored offset when the same file is chosen again after a reload.
import { ApiError, call, token } from "./api.js";

export const resumable = {
  available: () => typeof window.tus !== "undefined" && window.tus.isSupported,
  canResume: (message) => typeof window.tus !== "undefined" && message.viaTus === true,
  send(file, onProgress) {
    return new Promise((resolve, reject) => {
      const upload = new window.tus.Upload(file, {
        endpoint: "/v1/uploads",
        chunkSize: 5 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000],
        headers: { token: token.get() },
        metadata: { filename: file.name, filetype: file.type || "application/octet-stream" },
        removeFingerprintOnSuccess: true,
        onProgress: (sent, total) => onProgress(sent / total, sent),
        onError: (error) => {
          const text = error.originalResponse?.getBody?.() || "";
          let reason = error.message;
          try { reason = JSON.parse(text).data || reason; } catch (e) { /* not an envelope */ }
          reject(new ApiError(reason, error.originalResponse?.getStatus?.() || 0, !error.originalResponse));
        },
        onSuccess: async () => {
          try {
            resolve(await call("GET", new URL(upload.url, location.href).pathname));
          } catch (e) {
            reject(e);
          }
        },
      });
      upload.findPreviousUploads().then((previous) => {
        if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      });
    });
  },
};
