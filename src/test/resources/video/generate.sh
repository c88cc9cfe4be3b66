#!/usr/bin/env bash
# Regenerates the video fixtures in this directory (see README.md for what each one is and shows).
#
#   src/test/resources/video/generate.sh           # writes the fixtures, checks them, prints the summary table
#   src/test/resources/video/generate.sh --check   # only the checks and the table, on the committed files
#
# Everything comes from ffmpeg's lavfi sources (color, sine) with fixed parameters, single-threaded encoders and
# -fflags/-flags +bitexact, so a run with the same ffmpeg and encoder library versions (Debian 12: ffmpeg 5.1.9,
# x264 0.164, x265 3.5, libvpx 1.12, libaom 3.6, LAME 3.100, libopus 1.3.1, libvorbis 1.3.7) reproduces the
# bytes. Other versions give files with the same properties (codec, size, duration, fps, GOP, rotation, colours)
# but other bytes.
#
# The picture (every video here), top to bottom:
#   rows [0, H/2)      the "second colour": red in [0 s, 1 s), green in [1, 2), blue in [2, 3), yellow in [3, 4)
#   rows [H/2, 3H/4)   grey (0x808080) with a black square of side H/4 whose left edge is at
#                      x = floor((n mod fps) * (W - H/4) / (fps - 1)), n = t * fps the frame number (the
#                      expression uses t: overlay's own n counts from 1 here, not 0): it crosses the band
#                      left to right once a second, so together with the second colour it names the exact frame
#   rows [3H/4, H)     the "half-second band": black in the first half of each second, white in the second half
# A decoder that lands on the keyframe (GOP start, the first frame of each second here) shows a black band; one
# that decodes exactly to t = k + 0.5 .. k + 0.96 s shows a white band.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$DIR"
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null && command -v python3 >/dev/null \
    || { echo "needs ffmpeg, ffprobe and python3 on PATH" >&2; exit 2; }

FF=(ffmpeg -hide_banner -nostdin -v error -y)
BITEXACT=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact)
X264=(-c:v libx264 -preset medium -crf 30 -pix_fmt yuv420p -sc_threshold 0 -threads 1)
AAC=(-c:a aac -ac 1 -b:a 32k)

# picture <W> <H> <fps> <seconds> [label]: a -filter_complex graph (no inputs) ending in [label] (default v).
picture() {
    local w="$1" h="$2" fps="$3" dur="$4" out="${5:-v}"
    local colors=(0xFF0000 0x00FF00 0x0000FF 0xFFFF00) g k
    g="color=c=black:s=${w}x${h}:r=${fps}:d=${dur}"
    for ((k = 0; k < dur; k++)); do
        g+=",drawbox=x=0:y=0:w=iw:h=ih/2:c=${colors[k]}:t=fill:enable='gte(t,$k)*lt(t,$((k + 1)))'"
    done
    g+=",drawbox=x=0:y=ih/2:w=iw:h=ih/4:c=0x808080:t=fill"
    g+=",drawbox=x=0:y=ih*3/4:w=iw:h=ih/4:c=0xFFFFFF:t=fill:enable='gte(mod(t,1),0.5)'[bg];"
    g+="color=c=black:s=$((h / 4))x$((h / 4)):r=${fps}:d=${dur}[mark];"
    g+="[bg][mark]overlay=x='floor(mod(round(t*$fps),$fps)*(W-w)/($fps-1))':y=H/2:eval=frame[$out]"
    printf '%s' "$g"
}

# tone <Hz> <sample rate> <seconds> [samples per frame]: a sine as a filter graph ending in [a]; the frame size
# must be the encoder's (AAC 1024, the default; Opus 960, MP3 1152) as filter_complex outputs are not re-chunked.
tone() { printf 'sine=frequency=%s:sample_rate=%s:duration=%s:samples_per_frame=%s[a]' "$1" "$2" "$3" "${4:-1024}"; }

generate() {
    rm -f ./*.mp4 ./*.webm ./*.mkv ./*.avi ./*.3gp ./*.mov ./*.m4a

    # H.264 High, 640x360, 25 fps, 4 s, a keyframe every 25 frames (1 s), B-frames (x264 default 3), AAC mono.
    "${FF[@]}" -filter_complex "$(picture 640 360 25 4);$(tone 440 44100 4)" -map '[v]' -map '[a]' \
        "${X264[@]}" -g 25 -keyint_min 25 "${AAC[@]}" -movflags +faststart "${BITEXACT[@]}" h264-640x360-gop25.mp4

    # The same streams, remuxed without faststart: ftyp, free, mdat, moov.
    "${FF[@]}" -i h264-640x360-gop25.mp4 -map 0 -c copy "${BITEXACT[@]}" h264-moov-at-end.mp4

    # A phone's portrait clip: the upright picture is 180x320; it is stored turned 90 degrees counter-clockwise
    # (coded 320x180) with a tkhd display matrix that says "turn 90 degrees clockwise to display", the matrix an
    # iPhone writes for portrait (a=0 b=1 c=-1 d=0). ffmpeg 5.1 has no -display_rotation, and its rotate override
    # (-metadata:s:v:0 rotate=N) is ignored when encoding, only applied on stream copy, and with the sign flipped:
    # rotate=90 writes a 90-degree COUNTER-clockwise matrix (ffprobe rotation 90). So: encode, then stream-copy with
    # rotate=-90, which gives the phone's matrix (ffprobe 5.1: side data rotation -90; no rotate tag). No audio.
    "${FF[@]}" -filter_complex "$(picture 180 320 25 3 up);[up]transpose=cclock[v]" -map '[v]' \
        "${X264[@]}" -g 25 -keyint_min 25 "${BITEXACT[@]}" portrait-unrotated.tmp.mp4
    "${FF[@]}" -i portrait-unrotated.tmp.mp4 -map 0 -c copy -metadata:s:v:0 rotate=-90 -movflags +faststart \
        "${BITEXACT[@]}" h264-portrait-rotate90.mp4
    rm -f portrait-unrotated.tmp.mp4

    # HEVC Main (libx265), tag hvc1 (as Apple devices write and play), 640x360, 25 fps, 4 s, closed GOP 25. No audio.
    "${FF[@]}" -filter_complex "$(picture 640 360 25 4)" -map '[v]' \
        -c:v libx265 -preset medium -crf 32 -pix_fmt yuv420p -tag:v hvc1 \
        -x265-params "keyint=25:min-keyint=25:scenecut=0:open-gop=0:pools=none:frame-threads=1:log-level=error" \
        -movflags +faststart "${BITEXACT[@]}" hevc-640x360.mp4

    # In the WebM and AVI files -avoid_negative_ts disabled keeps the video's first frame at 0: by default the muxer
    # shifts every stream by the audio encoder's delay (Opus pre-skip: video from 0.007 s in WebM; MP3 in AVI, which
    # has no timestamps, gets an empty video chunk at frame 1 and every later frame one frame late).
    # VP9 (libvpx-vp9) in WebM, 320x180, 25 fps, 3 s, keyframe every 25 frames, Opus mono (starts at -0.013 s).
    "${FF[@]}" -filter_complex "$(picture 320 180 25 3);$(tone 440 48000 3 960)" -map '[v]' -map '[a]' \
        -c:v libvpx-vp9 -b:v 0 -crf 40 -g 25 -keyint_min 25 -deadline good -cpu-used 4 -row-mt 0 -threads 1 \
        -c:a libopus -ac 1 -b:a 24k -avoid_negative_ts disabled "${BITEXACT[@]}" vp9-320x180.webm

    # VP8 (libvpx) in WebM, 320x180, 25 fps, 3 s, keyframe every 25 frames, Vorbis mono (starts at -0.002 s).
    "${FF[@]}" -filter_complex "$(picture 320 180 25 3);$(tone 440 44100 3 64)" -map '[v]' -map '[a]' \
        -c:v libvpx -b:v 300k -crf 30 -g 25 -keyint_min 25 -auto-alt-ref 0 -deadline good -cpu-used 4 -threads 1 \
        -c:a libvorbis -ac 1 -q:a 0 -avoid_negative_ts disabled "${BITEXACT[@]}" vp8-320x180.webm

    # AV1 (libaom-av1, -cpu-used 8) in Matroska, 320x180, 25 fps, 2 s, keyframe every 25 frames. No audio.
    "${FF[@]}" -filter_complex "$(picture 320 180 25 2)" -map '[v]' \
        -c:v libaom-av1 -cpu-used 8 -b:v 0 -crf 45 -g 25 -keyint_min 25 -row-mt 0 -tiles 1x1 -threads 1 \
        "${BITEXACT[@]}" av1-320x180.mkv

    # MPEG-4 Part 2 (ffmpeg's mpeg4, FourCC FMP4) in AVI, 320x180, 25 fps, 3 s, keyframe every 25, no B-frames, MP3.
    "${FF[@]}" -filter_complex "$(picture 320 180 25 3);$(tone 440 44100 3 1152)" -map '[v]' -map '[a]' \
        -c:v mpeg4 -q:v 5 -g 25 -bf 0 -threads 1 -c:a libmp3lame -ac 1 -b:a 24k -avoid_negative_ts disabled \
        "${BITEXACT[@]}" mpeg4-320x180.avi

    # H.263 baseline (QCIF 176x144, one of its few legal sizes) in 3GP, 15 fps, 3 s, keyframe every 15, AAC mono.
    "${FF[@]}" -filter_complex "$(picture 176 144 15 3);$(tone 440 22050 3)" -map '[v]' -map '[a]' \
        -c:v h263 -q:v 8 -g 15 -threads 1 -c:a aac -ac 1 -b:a 24k "${BITEXACT[@]}" h263-176x144.3gp

    # H.264 in QuickTime .mov, 320x180, 30 fps, 3 s, keyframe every 30 frames (1 s), AAC mono.
    "${FF[@]}" -filter_complex "$(picture 320 180 30 3);$(tone 440 44100 3)" -map '[v]' -map '[a]' \
        "${X264[@]}" -g 30 -keyint_min 30 "${AAC[@]}" -movflags +faststart "${BITEXACT[@]}" h264-320x180.mov

    # Audio only: AAC LC mono 1 kHz sine, 2 s, in an .m4a (ffmpeg's ipod muxer).
    "${FF[@]}" -filter_complex "$(tone 1000 44100 2)" -map '[a]' -c:a aac -ac 1 -b:a 48k -movflags +faststart \
        "${BITEXACT[@]}" audio-only.m4a

    # The first half of the moov-at-end file: ftyp and part of mdat, no moov (no index at all).
    local size
    size="$(stat -c %s h264-moov-at-end.mp4)"
    head -c $((size / 2)) h264-moov-at-end.mp4 > truncated.mp4

    # corrupt-gop.mp4: H.264 320x180, 25 fps, 3 s, GOP 25, no audio; then every byte of every video sample of the
    # middle GOP (GOP 1 = frames 25..49, 1.00..1.96 s, in decode order from its keyframe up to the next keyframe) is
    # overwritten with seeded pseudo-random bytes. Offsets and sizes are unchanged, so the container (moov, stsz,
    # stco) is intact and ffprobe opens it; only decoding GOP 1 fails.
    "${FF[@]}" -filter_complex "$(picture 320 180 25 3)" -map '[v]' "${X264[@]}" -g 25 -keyint_min 25 \
        -movflags +faststart "${BITEXACT[@]}" corrupt-gop.mp4
    ffprobe -v error -select_streams v:0 -show_entries packet=pos,size,flags -of csv=p=0 corrupt-gop.mp4 \
        > corrupt-gop.packets
    python3 - corrupt-gop.mp4 corrupt-gop.packets <<'PY'
import random, sys
path, listing = sys.argv[1], sys.argv[2]
packets = []  # (pos, size, keyframe) in decode order
for line in open(listing):
    size, pos, flags = line.strip().split(",")[:3]
    packets.append((int(pos), int(size), flags.startswith("K")))
gop, targets = -1, []
for pos, size, key in packets:
    gop += key
    if gop == 1:
        targets.append((pos, size))
assert len(targets) == 25, f"GOP 1 has {len(targets)} packets, expected 25"
rng = random.Random(20261201)
with open(path, "r+b") as f:
    for pos, size in targets:
        f.seek(pos)
        f.write(bytes(rng.getrandbits(8) for _ in range(size)))
print(f"corrupt-gop.mp4: overwrote {len(targets)} samples, {sum(s for _, s in targets)} bytes, "
      f"from offset {targets[0][0]}", file=sys.stderr)
PY
    rm -f corrupt-gop.packets

    # huge-16384x16384.avi: ffmpeg cannot make a 16384x16384 frame at all (av_image_check_size refuses any picture
    # with (W+128)*(H+128) >= INT_MAX/8, about 16000x16000), and a uniform 16384x16384 JPEG would be at least
    # 1 Mi MCUs * 12 bits = 1.5 MiB anyway. So: one uniform grey 16x16 MJPEG frame in an AVI, then every width and
    # height field patched to 16384: avih dwWidth/dwHeight, strh rcFrame right/bottom, strf biWidth/biHeight (and
    # biSizeImage to 16384*16384*3), vprp frame and bitmap sizes, and the JPEG's own SOF0 height/width. The entropy
    # data still codes one 16x16 MCU.
    "${FF[@]}" -f lavfi -i color=c=0x808080:s=16x16:r=1:d=1 -frames:v 1 -c:v mjpeg -q:v 2 -pix_fmt yuvj420p \
        "${BITEXACT[@]}" huge-16384x16384.avi
    python3 - huge-16384x16384.avi 16384 <<'PY'
import struct, sys
path, big = sys.argv[1], int(sys.argv[2])
d = bytearray(open(path, "rb").read())
patched = []
def put(fmt, off, value, what):
    struct.pack_into(fmt, d, off, value)
    patched.append(what)
def walk(off, end):
    while off + 8 <= end:
        fcc = bytes(d[off:off + 4]); size = struct.unpack_from("<I", d, off + 4)[0]; body = off + 8
        if fcc in (b"RIFF", b"LIST"):
            walk(body + 4, body + size)
        elif fcc == b"avih":
            assert struct.unpack_from("<II", d, body + 32) == (16, 16)
            put("<I", body + 32, big, "avih.dwWidth"); put("<I", body + 36, big, "avih.dwHeight")
        elif fcc == b"strh" and d[body:body + 4] == b"vids":
            assert struct.unpack_from("<hhhh", d, body + 48) == (0, 0, 16, 16)
            put("<h", body + 52, big, "strh.rcFrame.right"); put("<h", body + 54, big, "strh.rcFrame.bottom")
        elif fcc == b"strf":
            assert struct.unpack_from("<ii", d, body + 4) == (16, 16)
            put("<i", body + 4, big, "strf.biWidth"); put("<i", body + 8, big, "strf.biHeight")
            put("<I", body + 20, big * big * 3, "strf.biSizeImage")
        elif fcc == b"vprp":
            for field, name in ((12, "HTotalInT"), (16, "VTotalInLines"), (24, "FrameWidthInPixels"),
                                (28, "FrameHeightInLines"), (36, "CompressedBMHeight"), (40, "CompressedBMWidth"),
                                (44, "ValidBMHeight"), (48, "ValidBMWidth")):
                if struct.unpack_from("<I", d, body + field)[0] == 16:
                    put("<I", body + field, big, "vprp." + name)
        elif fcc == b"00dc":
            sof = d.find(b"\xff\xc0", body, body + size)
            assert sof > 0 and struct.unpack_from(">HH", d, sof + 5) == (16, 16)
            put(">H", sof + 5, big, "JPEG SOF0 height"); put(">H", sof + 7, big, "JPEG SOF0 width")
        off = body + size + (size & 1)
walk(0, len(d))
open(path, "wb").write(d)
print("huge-16384x16384.avi: patched " + ", ".join(patched), file=sys.stderr)
PY

    : > zero.mp4
    printf 'This is not a video: a short text file named .mp4, a ChatMedia test fixture.\n' > text.mp4
}

# keyframes <file>: the pts (seconds, rounded) of the first video stream's keyframe packets, space-separated.
keyframes() {
    ffprobe -v error -select_streams v:0 -show_entries packet=pts_time,flags -of csv=p=0 "$1" 2>/dev/null \
        | awk -F, '$2 ~ /K/ { printf "%s%g", sep, $1 + 0; sep = " " }'
}

# tkhd_matrix <file>: the first track's tkhd matrix, a b u c d v x y w with a..d, x, y as 16.16 and u, v, w as 2.30.
tkhd_matrix() {
    python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
def find(off, end, path):
    while off + 8 <= end:
        size, kind = struct.unpack(">I4s", d[off:off + 8])
        if kind == path[0]:
            return find(off + 8, off + size, path[1:]) if len(path) > 1 else off + 8
        off += size
body = find(0, len(d), [b"moov", b"trak", b"tkhd"])
m = body + (4 + 4 + 4 + 4 + 4 + 4 + 8 + 8 if d[body] == 0 else 4 + 8 + 8 + 4 + 4 + 8 + 8 + 8)
values = struct.unpack(">9i", d[m:m + 36])
print(" ".join(f"{v / (1 << 30 if i % 3 == 2 else 1 << 16):g}" for i, v in enumerate(values)))
PY
}

# avi_sizes <file>: the width and height every AVI header and the first JPEG frame claim.
avi_sizes() {
    python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
avih = d.find(b"avih") + 8; strh = d.find(b"strh") + 8; strf = d.find(b"strf") + 8; sof = d.find(b"\xff\xc0")
print("avih %dx%d, strh rcFrame %d,%d,%d,%d, strf %dx%d, SOF0 %dx%d" % (
    struct.unpack_from("<II", d, avih + 32) + struct.unpack_from("<hhhh", d, strh + 48)
    + struct.unpack_from("<ii", d, strf + 4) + struct.unpack_from(">HH", d, sof + 5)[::-1]))
PY
}

# pictures <file> <fps> <seconds> <W> <H>: decodes frames at a few times with ffmpeg (exact seek, autorotate on)
# and checks the picture against the pattern described at the top: second colour, half-second band, marker position.
pictures() {
    python3 - "$@" <<'PY'
import math, subprocess, sys
name, (fps, seconds, w, h) = sys.argv[1], map(int, sys.argv[2:6])
colours = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}
order = ["red", "green", "blue", "yellow"]
failures = []
for k in range(seconds):
    for frac in (0.0, 0.52, 0.8):
        t = k + frac
        n = math.ceil(t * fps - 1e-6)
        t = n / fps
        rgb = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{t:.4f}", "-i", name, "-frames:v", "1",
                              "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
        assert len(rgb) == w * h * 3, (name, t, len(rgb))
        px = lambda x, y: rgb[(y * w + x) * 3:(y * w + x) * 3 + 3]
        top = px(w // 2, h // 4)
        colour = min(colours, key=lambda c: sum((a - b) ** 2 for a, b in zip(colours[c], top)))
        band = "white" if sum(px(w // 2, h * 7 // 8)) > 3 * 128 else "black"
        row = h * 5 // 8
        mark = next((x for x in range(w) if sum(px(x, row)) < 3 * 64), -1)
        want_mark = math.floor((n % fps) * (w - h // 4) / (fps - 1))
        want = (order[k], "white" if (n % fps) / fps >= 0.5 else "black")
        if (colour, band) != want or abs(mark - want_mark) > 3:
            failures.append(f"t={t:.3f} frame {n}: {colour}/{band}/marker x {mark}, expected {want[0]}/{want[1]}/"
                            f"marker x {want_mark}")
if failures:
    print(f"CHECK FAILED: {name}: " + "; ".join(failures))
PY
}

# top_atoms <file>: the top-level ISO BMFF box types, in order.
top_atoms() {
    python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
off, names = 0, []
while off + 8 <= len(d):
    size, kind = struct.unpack(">I4s", d[off:off + 8])
    if size == 1:
        size = struct.unpack(">Q", d[off + 8:off + 16])[0]
    names.append(kind.decode("latin1") + ("(cut)" if size == 0 or off + size > len(d) else ""))
    if size == 0 or off + size > len(d):
        break
    off += size
print(" ".join(names))
PY
}

check() {
    local f fail=0
    expect() { if [[ "$2" != "$3" ]]; then echo "CHECK FAILED: $1: got '$2', expected '$3'" >&2; fail=1; fi; }
    expect "h264-640x360-gop25.mp4 atoms" "$(top_atoms h264-640x360-gop25.mp4)" "ftyp moov free mdat"
    expect "h264-moov-at-end.mp4 atoms" "$(top_atoms h264-moov-at-end.mp4)" "ftyp free mdat moov"
    expect "truncated.mp4 atoms" "$(top_atoms truncated.mp4)" "ftyp free mdat(cut)"
    expect "portrait rotate tag (none in ffmpeg 5.1)" "$(ffprobe -v error -select_streams v:0 -show_entries \
        stream_tags=rotate -of default=nw=1:nk=1 h264-portrait-rotate90.mp4)" ""
    expect "portrait tkhd matrix" "$(tkhd_matrix h264-portrait-rotate90.mp4)" "0 1 0 -1 0 0 0 0 1"
    expect "portrait display matrix" "$(ffprobe -v error -select_streams v:0 -show_entries \
        stream_side_data=rotation -of csv=p=0 h264-portrait-rotate90.mp4)" "-90"
    local k
    for k in "h264-640x360-gop25.mp4 0 1 2 3" "h264-moov-at-end.mp4 0 1 2 3" "h264-portrait-rotate90.mp4 0 1 2" \
             "hevc-640x360.mp4 0 1 2 3" "vp9-320x180.webm 0 1 2" "vp8-320x180.webm 0 1 2" "av1-320x180.mkv 0 1" \
             "mpeg4-320x180.avi 0 1 2" "h263-176x144.3gp 0 1 2" "h264-320x180.mov 0 1 2" "corrupt-gop.mp4 0 2"; do
        expect "${k%% *} keyframes at (s)" "$(keyframes "${k%% *}")" "${k#* }"
    done
    local p fails
    for p in "h264-640x360-gop25.mp4 25 4 640 360" "h264-moov-at-end.mp4 25 4 640 360" \
             "h264-portrait-rotate90.mp4 25 3 180 320" "hevc-640x360.mp4 25 4 640 360" "vp9-320x180.webm 25 3 320 180" \
             "vp8-320x180.webm 25 3 320 180" "av1-320x180.mkv 25 2 320 180" "mpeg4-320x180.avi 25 3 320 180" \
             "h263-176x144.3gp 15 3 176 144" "h264-320x180.mov 30 3 320 180"; do
        # shellcheck disable=SC2086
        fails="$(pictures $p)"
        if [[ -n "$fails" ]]; then echo "$fails" >&2; fail=1; fi
    done
    # corrupt-gop.mp4's sync-sample table still lists GOP 1's keyframe (sample 26), though the demuxer's parser, seeing
    # garbage, drops its key flag (so the packet view above shows keyframes at 0 and 2 s only).
    expect "corrupt-gop.mp4 stss" "$(python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(); i = d.find(b"stss"); n = struct.unpack(">I", d[i + 8:i + 12])[0]
print(*struct.unpack(">%dI" % n, d[i + 12:i + 12 + 4 * n]))' corrupt-gop.mp4)" "1 26 51"
    expect "huge headers" "$(avi_sizes huge-16384x16384.avi)" \
        "avih 16384x16384, strh rcFrame 0,0,16384,16384, strf 16384x16384, SOF0 16384x16384"
    for f in truncated.mp4 zero.mp4 text.mp4; do
        if ffprobe -v quiet "$f"; then echo "CHECK FAILED: ffprobe opened $f" >&2; fail=1; fi
    done
    for f in corrupt-gop.mp4 huge-16384x16384.avi; do
        ffprobe -v quiet "$f" || { echo "CHECK FAILED: ffprobe could not open $f" >&2; fail=1; }
    done
    # Frames decoded with errors from the corrupt GOP, none elsewhere (the h264 decoder conceals, so count errors).
    expect "corrupt-gop.mp4 decodes with errors" "$(ffmpeg -nostdin -v error -i corrupt-gop.mp4 -f null - 2>&1 \
        | grep -c . | sed 's/^[1-9][0-9]*$/yes/')" "yes"
    local total
    total="$(cat ./*.mp4 ./*.webm ./*.mkv ./*.avi ./*.3gp ./*.mov ./*.m4a | wc -c)"
    (( total < 600 * 1024 )) || { echo "CHECK FAILED: fixtures total $total bytes" >&2; fail=1; }
    for f in ./*.mp4 ./*.webm ./*.mkv ./*.avi ./*.3gp ./*.mov ./*.m4a; do
        (( $(stat -c %s "$f") < 60 * 1024 )) || { echo "CHECK FAILED: $f over 60 KiB" >&2; fail=1; }
    done
    return "$fail"
}

# summary: one line per fixture, compacted from ffprobe -v error -show_format -show_streams, for README.md.
summary() {
    python3 - h264-640x360-gop25.mp4 h264-moov-at-end.mp4 h264-portrait-rotate90.mp4 hevc-640x360.mp4 \
        vp9-320x180.webm vp8-320x180.webm av1-320x180.mkv mpeg4-320x180.avi h263-176x144.3gp h264-320x180.mov \
        audio-only.m4a corrupt-gop.mp4 huge-16384x16384.avi truncated.mp4 zero.mp4 text.mp4 <<'PY'
import json, os, subprocess, sys
print("| file | bytes | format_name | duration s | streams (ffprobe) |")
print("|---|---|---|---|---|")
for name in sys.argv[1:]:
    run = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", name],
                         capture_output=True, text=True)
    info = json.loads(run.stdout or "{}")
    size = os.path.getsize(name)
    if "format" not in info:
        error = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "no output"
        print(f"| `{name}` | {size} | - | - | ffprobe fails: `{error}` |")
        continue
    parts = []
    for s in info.get("streams", []):
        if s["codec_type"] == "video":
            text = (f"{s['codec_name']} {s.get('profile') or '-'} [{s.get('codec_tag_string')}] "
                    f"{s['width']}x{s['height']} {s.get('pix_fmt', '?')} {s['r_frame_rate']} fps")
            if s.get("nb_frames"):
                text += f", {s['nb_frames']} frames"
            for sd in s.get("side_data_list", []):
                if "rotation" in sd:
                    text += f", display matrix rotation {sd['rotation']}"
        elif s["codec_type"] == "audio":
            text = f"{s['codec_name']} {s['sample_rate']} Hz {s['channels']} ch"
            if s.get("bit_rate"):
                text += f" {int(s['bit_rate']) // 1000} kb/s"
        else:
            text = s["codec_type"]
        if s.get("start_time") not in (None, "0.000000"):
            text += f" (start {s['start_time']} s)"
        parts.append(text)
    fmt = info["format"]
    print(f"| `{name}` | {size} | {fmt['format_name']} | {fmt.get('duration', 'n/a')} | {'; '.join(parts)} |")
PY
}

if [[ "${1:-}" != "--check" ]]; then
    generate
fi
check
summary
sha256sum ./*.mp4 ./*.webm ./*.mkv ./*.avi ./*.3gp ./*.mov ./*.m4a > /dev/stderr
