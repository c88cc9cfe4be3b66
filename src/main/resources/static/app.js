// The chat page: one conversation that sends images and videos through the seed's Diy route (as the uni-app H5
// client does), voice messages and other files through the native API, large files through tus. Messages live in
// localStorage; ChatMedia keeps only the media.
import { ApiError, call, processed, serverBack, servedType, signIn, upload } from "./api.js";
import { canvasOf } from "./blurhash.js";
import { resumable } from "./resumable.js";

const MESSAGES_KEY = "chatmedia.messages";
const params = new URLSearchParams(location.search);
const TUS_THRESHOLD = Number(params.get("tusThreshold")) || 20 * 1024 * 1024;

const list = document.querySelector("[data-test=messages]");
const files = new Map(); // message id -> the File, while this page lives (for retries)
let messages = JSON.parse(localStorage.getItem(MESSAGES_KEY) || "[]");

const save = () => localStorage.setItem(MESSAGES_KEY, JSON.stringify(messages));
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const bytes = (n) => n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** The width a media bubble shows at, in CSS pixels, and the pixels to ask for. */
const bubbleWidth = () => Math.min(360, Math.round(window.innerWidth * 0.75)) - 8;
const pixels = (cssWidth) => Math.round(cssWidth * (window.devicePixelRatio || 1));

function update(message, changes) {
  Object.assign(message, changes);
  save();
  render(message);
}

// ---- rendering ----------------------------------------------------------------------------------------------
function render(message) {
  const old = list.querySelector(`[data-id="${message.id}"]`);
  const bubble = el("div", { class: "bubble", "data-test": "bubble", "data-id": message.id, "data-kind": message.kind,
    "data-state": message.state, "data-resumed-from": message.resumedFrom }, body(message), footer(message));
  if (old) old.replaceWith(bubble);
  else list.append(bubble);
  if (!old) list.scrollTop = list.scrollHeight;
}

function body(message) {
  if (message.state !== "sent") return el("div", { class: "meta" }, `${message.name} · ${bytes(message.size)}`);
  switch (message.kind) {
    case "image": return imageBody(message);
    case "video": return videoBody(message);
    case "voice": return voiceBody(message);
    default: return fileBody(message);
  }
}

function footer(message) {
  if (message.state === "sending") {
    return el("div", { class: "progress", style: `width:${Math.round((message.progress || 0) * 100)}%` });
  }
  if (message.state !== "failed") return null;
  const retry = files.has(message.id)
    ? el("button", { type: "button", class: "link", "data-test": "retry", onclick: () => send(files.get(message.id), message) }, "Retry")
    : null;
  return el("div", { class: "meta" }, el("span", { class: "error", "data-test": "bubble-error" }, message.error), retry);
}

function imageBody(message) {
  const width = bubbleWidth();
  const height = message.aspect ? Math.round(width / message.aspect) : undefined;
  const frame = el("a", { class: "frame", href: message.url, target: "_blank", rel: "noopener",
    style: height ? `width:${width}px;height:${height}px;display:block` : null });
  if (message.blurhash) {
    try {
      const placeholder = canvasOf(message.blurhash);
      placeholder.className = "media placeholder";
      placeholder.dataset.test = "placeholder";
      frame.append(placeholder);
      frame.dataset.placeholderAt = String(performance.now());
    } catch (e) {
      // a malformed hash: no placeholder
    }
  }
  const image = el("img", { class: "media", "data-test": "thumbnail", alt: message.name, width, height,
    src: `${message.url}?x-oss-process=image/resize,w_${pixels(width)}/format,webp` });
  image.addEventListener("load", () => {
    frame.dataset.loadedAt = String(performance.now());
    frame.querySelector("[data-test=placeholder]")?.remove();
  });
  frame.append(image);
  return frame;
}

function videoBody(message) {
  const width = bubbleWidth();
  const coverWidth = Math.min(pixels(width), message.videoWidth || pixels(width));
  const video = el("video", { class: "media", "data-test": "video", controls: "", playsinline: "", preload: "metadata",
    width, src: message.url, poster: `${message.url}?x-oss-process=video/snapshot,t_1000,m_fast,w_${coverWidth}` });
  return el("div", {}, video,
    el("div", { class: "meta" }, el("span", { "data-test": "duration" }, seconds(message.durationMs || 0))));
}

function voiceBody(message) {
  const audio = el("audio", { "data-test": "audio", preload: "metadata", src: message.playUrl || message.url });
  const play = el("button", { type: "button", "aria-label": "play", onclick: () => (audio.paused ? audio.play() : audio.pause()) }, "▶");
  audio.addEventListener("play", () => (play.textContent = "❚❚"));
  audio.addEventListener("pause", () => (play.textContent = "▶"));
  const wave = el("div", { class: "wave", "data-test": "waveform" });
  const values = message.waveform || [];
  const bars = 40;
  for (let i = 0; i < bars && values.length; i++) {
    const slice = values.slice(Math.floor((i * values.length) / bars), Math.floor(((i + 1) * values.length) / bars));
    const peak = Math.max(0, ...slice) / 1024;
    wave.append(el("i", { style: `height:${Math.max(2, Math.round(peak * 28))}px` }));
  }
  return el("div", { class: "voice" }, play, wave, el("span", { "data-test": "duration" }, seconds(message.durationMs || 0)), audio);
}

function fileBody(message) {
  return el("div", { class: "file" }, el("strong", {}, message.name),
    el("span", { class: "meta" }, bytes(message.size)),
    el("a", { href: message.url, download: message.name, "data-test": "download" }, "Download"));
}

// ---- sending -----------------------------------------------------------------------------------------------
function kindOf(file, voice) {
  if (voice) return "voice";
  if (file.type.startsWith("image/")) return "image";
  if (file.type.startsWith("video/")) return "video";
  return "file";
}

async function send(file, existing = null, voice = false, recordedMs = 0) {
  const message = existing || { id: crypto.randomUUID?.() || String(Date.now() + Math.random()), kind: kindOf(file, voice),
    name: file.name, size: file.size, recordedMs };
  files.set(message.id, file);
  if (!existing) messages.push(message);
  update(message, { state: "sending", progress: 0, error: null });
  let first = true;
  const progress = (p, sentBytes) => {
    if (first && sentBytes !== undefined) {
      first = false; // where this attempt started: above 0 when a tus upload resumed
      message.resumedFrom = sentBytes;
      list.querySelector(`[data-id="${message.id}"]`)?.setAttribute("data-resumed-from", String(sentBytes));
    }
    message.progress = p;
    const bar = list.querySelector(`[data-id="${message.id}"] .progress`);
    if (bar) bar.style.width = `${Math.round(p * 100)}%`;
  };
  try {
    if (file.size === 0) throw new ApiError("the file is empty", 400);
    let result;
    if (file.size > TUS_THRESHOLD && resumable.available()) {
      message.viaTus = true;
      save();
      result = await nativeResult(await resumable.send(file, progress), message);
    } else if (message.kind === "image" || message.kind === "video") {
      const folder = message.kind === "image" ? "chatImgs" : "chatVideos";
      const answer = await upload(`/api/chat/uploadStreamSingleToServerDiy/${folder}`, file, progress);
      result = await diyResult(answer.url, message.kind);
    } else {
      result = await nativeResult(await upload("/v1/media", file, progress), message);
    }
    files.delete(message.id);
    update(message, { ...result, state: "sent" });
  } catch (e) {
    update(message, { state: "failed", error: e.message || String(e) });
    if (e.offline) {
      await serverBack();
      if (message.state === "failed") send(file, message, voice, recordedMs);
    }
  }
}

/** What the page needs of a Diy upload, learnt from the URL it answered (the seed's answer has only the URL). */
async function diyResult(url, wanted) {
  const type = await servedType(url);
  if (wanted === "image" && type.startsWith("image/") && !type.includes("svg")) {
    const [info, hash] = await Promise.all([processed(url, "image/info"), processed(url, "image/blurhash").catch(() => null)]);
    const w = Number(info.ImageWidth?.value), h = Number(info.ImageHeight?.value);
    const turned = Number(info.Orientation?.value) >= 5;
    return { url, kind: "image", aspect: w && h ? (turned ? h / w : w / h) : null, blurhash: hash?.blurhash || null };
  }
  if (wanted === "video" && type.startsWith("video/")) {
    const info = await processed(url, "video/info");
    const stream = (info.streams || []).find((s) => s.codec_type === "video") || {};
    return { url, kind: "video", durationMs: Math.round(Number(info.format?.duration || 0) * 1000),
      videoWidth: stream.width || null };
  }
  return { url, kind: "file" }; // what the bytes are decides, not the name: an HTML page named .jpg is a file
}

function nativeResult(media, message) {
  // a recording stays a voice message whatever its container says (Chrome's WebM/Opus); a chosen file is what its
  // bytes are
  const kind = message.kind === "voice" || media.kind === "audio" ? "voice"
    : media.kind === "image" || media.kind === "video" ? media.kind : "file";
  return {
    url: media.url, kind, name: media.original_name || message.name, size: media.size,
    durationMs: media.duration_ms || message.recordedMs || 0, waveform: media.waveform || null,
    playUrl: media.play_url || null, blurhash: media.blurhash || null,
    aspect: media.width && media.height ? media.width / media.height : null, videoWidth: media.width || null,
  };
}

// ---- voice -------------------------------------------------------------------------------------------------
function recorder() {
  const button = document.querySelector("[data-test=record]");
  let active = null;
  const start = async (event) => {
    event.preventDefault();
    if (active) return;
    active = { chunks: [], started: performance.now() };
    const current = active;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      if (active !== current) return stream.getTracks().forEach((t) => t.stop()); // released before it started
      current.stream = stream;
      current.recorder = new MediaRecorder(stream);
      current.recorder.ondataavailable = (e) => e.data.size && current.chunks.push(e.data);
      current.recorder.start();
      current.started = performance.now();
      button.setAttribute("aria-pressed", "true");
      button.textContent = "Release to send";
    } catch (e) {
      active = null;
      button.textContent = `Microphone unavailable: ${e.message}`;
    }
  };
  const stop = () => {
    const current = active;
    active = null;
    button.setAttribute("aria-pressed", "false");
    button.textContent = "Hold to talk";
    if (!current || !current.recorder) return;
    const recordedMs = performance.now() - current.started;
    current.recorder.onstop = () => {
      current.stream.getTracks().forEach((t) => t.stop());
      const type = current.recorder.mimeType || "audio/webm";
      const extension = type.includes("mp4") ? "m4a" : type.includes("ogg") ? "ogg" : "webm";
      const file = new File(current.chunks, `voice-${Date.now()}.${extension}`, { type });
      send(file, null, true, Math.round(recordedMs));
    };
    current.recorder.stop();
  };
  button.addEventListener("pointerdown", start);
  button.addEventListener("pointerup", stop);
  button.addEventListener("pointerleave", stop);
  button.addEventListener("pointercancel", stop);
}

// ---- the rest of the page ----------------------------------------------------------------------------------
function groupQrCode() {
  const toggle = document.querySelector("[data-test=qr-toggle]");
  const panel = document.getElementById("qr");
  const form = document.querySelector("[data-test=qr-form]");
  const image = document.querySelector("[data-test=qr-image]");
  const show = () => {
    const data = new FormData(form);
    const query = new URLSearchParams({ token: localStorage.getItem("chatmedia.token") || "", type: "H5",
      http: location.origin, name: data.get("name") || "" });
    image.src = `/api/chat/groupQrcode/${encodeURIComponent(data.get("id"))}?${query}`;
  };
  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) show();
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); show(); });
}

async function start() {
  for (const message of messages) {
    if (message.state === "sending") {
      message.state = "failed";
      message.error = resumable.canResume(message) ? "interrupted: choose the same file again to resume"
        : "interrupted by a reload";
    }
    render(message);
  }
  save();
  document.querySelector("[data-test=file-input]").addEventListener("change", (event) => {
    for (const file of event.target.files) {
      const interrupted = messages.find((m) => m.state === "failed" && m.name === file.name && m.size === file.size
        && resumable.canResume(m));
      send(file, interrupted || null);
    }
    event.target.value = "";
  });
  document.querySelector("[data-test=clear]").addEventListener("click", () => {
    messages = [];
    save();
    list.replaceChildren();
  });
  recorder();
  groupQrCode();
  try {
    await signIn();
    const config = await call("GET", "/v1/config");
    document.querySelector("[data-test=who]").textContent = `${config.role} ${config.user_id}`;
    document.querySelector("[data-test=limits]").textContent = `You may upload up to ${bytes(config.max_upload_bytes)}.`;
  } catch (e) {
    document.querySelector("[data-test=who]").textContent = `not signed in: ${e.message}`;
  }
}

start();
