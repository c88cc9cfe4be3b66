// ChatMedia's HTTP API as the uni-app H5 client uses it: a token in the `token` header, answers in the envelope
// {"msg":"ok"|"fail","data":...}, uploads as FormData from XHR (for progress).
const TOKEN_KEY = "chatmedia.token";

/** A failure the bubble can show: the envelope's `data`, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(message, status, offline = false) {
    super(message);
    this.status = status;
    this.offline = offline;
  }
}

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (value) => localStorage.setItem(TOKEN_KEY, value),
  guest: () => localStorage.getItem(TOKEN_KEY + ".guest") === "1",
};

/** Takes ?token= from the address (kept), or the stored one, or a new guest token. */
export async function signIn() {
  const given = new URLSearchParams(location.search).get("token");
  if (given) {
    token.set(given);
    localStorage.setItem(TOKEN_KEY + ".guest", "0");
    return given;
  }
  return token.get() || renewGuest();
}

export async function renewGuest() {
  const answer = await call("POST", "/v1/auth/guest", null, false);
  token.set(answer.token);
  localStorage.setItem(TOKEN_KEY + ".guest", "1");
  return answer.token;
}

function envelope(status, text) {
  let body = null;
  try {
    body = JSON.parse(text);
  } catch (e) {
    // not JSON: a proxy's page, or nothing
  }
  if (status >= 200 && status < 300) {
    return body && body.msg === "ok" ? body.data : body;
  }
  const reason = body && typeof body.data === "string" ? body.data : `the server answered ${status}`;
  throw new ApiError(reason, status);
}

/** A JSON call; on a 401 with a guest token, a new guest token and one more try. */
export async function call(method, path, body = null, authorised = true, retried = false) {
  const headers = {};
  if (authorised) headers.token = token.get();
  if (body) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : null });
  } catch (e) {
    throw new ApiError("offline: the server cannot be reached", 0, true);
  }
  const text = await response.text();
  if (response.status === 401 && authorised && !retried && token.guest()) {
    await renewGuest();
    return call(method, path, body, authorised, true);
  }
  return envelope(response.status, text);
}

/** Posts one file as FormData field `file`, reporting progress (0..1); resolves to the envelope's data. */
export function upload(path, file, onProgress, retried = false) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("token", token.get());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError("offline: the upload could not reach the server", 0, true));
    xhr.onload = async () => {
      if (xhr.status === 401 && !retried && token.guest()) {
        try {
          await renewGuest();
          resolve(await upload(path, file, onProgress, true));
        } catch (e) {
          reject(e);
        }
        return;
      }
      try {
        resolve(envelope(xhr.status, xhr.responseText));
      } catch (e) {
        reject(e);
      }
    };
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/** The content type a stored URL is served with (the server sniffs it from the bytes). */
export async function servedType(url) {
  const response = await fetch(url, { method: "HEAD" });
  if (!response.ok) throw new ApiError(`the upload cannot be read back (${response.status})`, response.status);
  return (response.headers.get("Content-Type") || "").toLowerCase();
}

/** A processed document (?x-oss-process=...info, blurhash, waveform): bare JSON, no envelope. */
export async function processed(url, process) {
  const response = await fetch(`${url}?x-oss-process=${process}`);
  const text = await response.text();
  if (!response.ok) return envelope(response.status, text);
  return JSON.parse(text);
}

/** Resolves once the server answers again (polled every second). */
export async function serverBack() {
  for (;;) {
    try {
      const response = await fetch("/actuator/health/liveness", { cache: "no-store" });
      if (response.ok) return;
    } catch (e) {
      // still down
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
