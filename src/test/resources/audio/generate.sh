#!/usr/bin/env bash
# Regenerates the audio fixtures in this directory (README.md says what each one is).
#
# Every clean fixture is the same 3 s signal, so conversions can be checked against it:
#   sweep   a linear sine sweep from 300 Hz at t = 0 to 3000 Hz at t = 3 s, amplitude 0.5
#           (instantaneous frequency f(t) = 300 + 900 t)
#   halves  2 s of 440 Hz: amplitude 0.8 in the first second, 0.1 in the second
# The broken fixtures are made from the clean ones with python3 (bytes patched or cut).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$DIR"
command -v ffmpeg >/dev/null && command -v python3 >/dev/null || { echo "needs ffmpeg and python3" >&2; exit 2; }

FF=(ffmpeg -hide_banner -nostdin -v error -y)
BITEXACT=(-fflags +bitexact -flags:a +bitexact)
SWEEP="aevalsrc=0.5*sin(2*PI*(300*t+450*t*t)):s=48000:d=3"
HALVES="aevalsrc=if(lt(t\,1)\,0.8\,0.1)*sin(2*PI*440*t):s=8000:d=2"

"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -c:a libopus -b:a 32k -ac 1 sweep.webm            # Chrome MediaRecorder
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -c:a libopus -b:a 32k -ac 1 sweep.ogg             # Ogg/Opus
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 44100 -c:a libvorbis -q:a 2 -ac 1 sweep-vorbis.ogg
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 44100 -c:a aac -b:a 48k -ac 1 sweep.m4a      # brand M4A
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 48000 -c:a aac -b:a 48k -ac 1 -f mp4 sweep.mp4  # Safari: isom, audio only
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 16000 -c:a aac -b:a 24k -ac 1 -f 3gp sweep.3gp
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 44100 -c:a libmp3lame -b:a 64k -ac 1 sweep.mp3
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 16000 -c:a pcm_s16le -ac 1 sweep.wav
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 22050 -c:a flac -ac 1 sweep.flac
"${FF[@]}" -f lavfi -i "$HALVES" "${BITEXACT[@]}" -c:a pcm_s16le -ac 1 halves.wav
# Unusual but sound files that must never be taken for damaged ones:
#   a VBR MP3 without a Xing header, 1 s of silence then loud noise (FFmpeg's bitrate estimate says 5.2 s for 3 s);
#   a WebM written to a pipe (no Duration, no Cues: as Chrome's MediaRecorder writes it);
#   a WAV written to a pipe (RIFF and data sizes 0xFFFFFFFF: "unknown length")
"${FF[@]}" -f lavfi -i "aevalsrc=if(lt(t\,1)\,0\,0.5*sin(2*PI*(300*t+450*t*t))+0.3*(random(0)-0.5)):s=44100:d=3" \
  "${BITEXACT[@]}" -c:a libmp3lame -q:a 0 -ac 1 -write_xing 0 vbr-no-xing.mp3
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -c:a libopus -b:a 32k -ac 1 -f webm - > no-duration.webm
"${FF[@]}" -f lavfi -i "$SWEEP" "${BITEXACT[@]}" -ar 16000 -c:a pcm_s16le -ac 1 -f wav - > streamed.wav
# 12 s of audio-only MP4 whose moov box is at its end, beyond the 64 KiB that are sniffed: sniffs as video/mp4
"${FF[@]}" -f lavfi -i "aevalsrc=0.5*sin(2*PI*(300*t+450*t*t)):s=48000:d=12" "${BITEXACT[@]}" -ar 48000 -c:a aac \
  -b:a 48k -ac 1 -f mp4 index-at-end.mp4
# Videos and their sound: a 4 s picture whose sound (440 Hz) ends after 2 s, which is not damage; and the video
# fixture h264-640x360-gop25.mp4 with its AAC packets corrupted by FFmpeg's noise filter (its picture intact)
"${FF[@]}" -f lavfi -i "testsrc=s=160x120:r=25:d=4" -f lavfi -i "sine=f=440:r=48000:d=2" "${BITEXACT[@]}" \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 64k video-short-sound.mp4
"${FF[@]}" -i ../video/h264-640x360-gop25.mp4 -c copy -bsf:a noise=amount=20 "${BITEXACT[@]}" video-broken-sound.mp4

python3 - <<'PY'
import struct
# truncated.mp3: the first 40 % of sweep.mp3, cut mid-frame
data = open('sweep.mp3', 'rb').read()
open('truncated.mp3', 'wb').write(data[: len(data) * 2 // 5 + 7])
# huge-header.wav: sweep.wav whose RIFF and data sizes claim 4 GB
wav = bytearray(open('sweep.wav', 'rb').read())
at = wav.index(b'data')
struct.pack_into('<I', wav, 4, 0xFFFFFFF0)
struct.pack_into('<I', wav, at + 4, 0xFFFFFF00)
open('huge-header.wav', 'wb').write(wav)
# corrupt-page.ogg: sweep.ogg with 200 bytes in its fourth page overwritten (its CRC no longer matches)
ogg = bytearray(open('sweep.ogg', 'rb').read())
pages = [i for i in range(len(ogg)) if ogg[i:i + 4] == b'OggS']
start = pages[3] + 40
ogg[start:start + 200] = bytes((i * 37) & 0xFF for i in range(200))
open('corrupt-page.ogg', 'wb').write(ogg)
# lying-duration.webm: sweep.webm (3 s) whose Segment Info Duration says 10 hours
webm = bytearray(open('sweep.webm', 'rb').read())
at = webm.index(b'\x44\x89')
size = webm[at + 2]
if size == 0x88:
    struct.pack_into('>d', webm, at + 3, 36_000_000.0)
elif size == 0x84:
    struct.pack_into('>f', webm, at + 3, 36_000_000.0)
else:
    raise SystemExit('unexpected Duration size %x' % size)
open('lying-duration.webm', 'wb').write(webm)
# voice.silk: a WeChat SILK v3 header (behind its 0x02 byte) and frames of noise; SILK is never decoded here
import random
random.seed(7)
body = b''.join(struct.pack('<h', 40) + bytes(random.randrange(256) for _ in range(40)) for _ in range(50))
open('voice.silk', 'wb').write(b'\x02#!SILK_V3' + body + b'\xff\xff')
# zero.ogg: an empty file
open('zero.ogg', 'wb').write(b'')
PY
ls -l
