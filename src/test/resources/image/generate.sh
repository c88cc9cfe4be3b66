#!/usr/bin/env bash
# Regenerates the image fixtures in this directory (see README.md for what each one is and shows).
#
#   src/test/resources/image/generate.sh           # writes every fixture, checks them, prints the summary table
#   src/test/resources/image/generate.sh --check   # only the checks and the table, on the committed files
#
# Needs the tools of scripts/test-image-tools.sh (ImageMagick, libheif-examples, webp, exiftool, libavif-bin) and
# python3 (standard library only). Tools are called by absolute path: /usr/local/bin/convert may shadow ImageMagick.
#
# Every picture is cut from one synthetic "photo", 1200x800 (master.png, not kept): a dusk-sky gradient (blue to
# amber) under plasma clouds (fixed seed) and a soft sun glow, green hills, a brown tower with three windows, a red
# disc, a blue ellipse and a yellow triangle with a dark outline, all under a grain (Gaussian noise with a fixed
# seed, drawn at 60x40 and scaled up, so each grain is ~20 px). The grain and clouds give SSIM structure to measure;
# the grain is coarse enough that a quality-75 JPEG (WebP) of a 200x133 copy still scores 0.97 (0.956) against it,
# while a 2 px shift of a 300x200 copy scores < 0.9. The picture is asymmetric, so a wrong turn, flip or gravity
# shows. The animations use the same scene blurred (sigma 8) before it is scaled to 160x120, as flat as GIF art
# usually is: at 80x60 a lossy WebP at quality 75 of the sharp scene would score only 0.94.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$DIR"
CONVERT=/usr/bin/convert
IDENTIFY=/usr/bin/identify
for tool in "$CONVERT" "$IDENTIFY" /usr/bin/heif-enc /usr/bin/heif-info /usr/bin/img2webp /usr/bin/cwebp \
    /usr/bin/exiftool /usr/bin/webpmux; do
    [ -x "$tool" ] || { echo "needs $tool: run scripts/test-image-tools.sh" >&2; exit 2; }
done
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 2; }

FIXTURES=(photo.jpg exif-rotated.jpg alpha.png animated.gif animated.webp photo.heic grid.heic photo.avif photo.bmp
    photo.tiff still.webp truncated.jpg bad-crc.png bomb.png not-an-image.txt)

master() {
    "$CONVERT" -size 1200x800 gradient:'#16325e-#f2b36b' \
        \( -size 1200x800 -seed 11 plasma:fractal -blur 0x2 -colorspace gray -auto-level \) -compose softlight -composite \
        \( -size 1200x800 radial-gradient:'#fff3c4-#000000' \) -compose screen -composite \
        -fill '#2f4a2a' -draw 'polygon 0,800 0,520 180,430 330,500 520,360 700,470 860,400 1040,480 1200,420 1200,800' \
        -fill '#4b3526' -draw 'rectangle 760,430 900,800' \
        -fill '#d8d1c0' -draw 'rectangle 780,460 820,520' -draw 'rectangle 840,460 880,520' \
        -draw 'rectangle 780,560 820,620' \
        -fill '#b02a2a' -draw 'circle 300,640 380,640' -fill '#2a6fb0' -draw 'ellipse 560,680 120,50 0,360' \
        -fill '#f4e04d' -stroke '#202020' -strokewidth 6 -draw 'polygon 980,700 1060,560 1140,700' +stroke \
        \( -size 60x40 -seed 5 xc:gray50 -attenuate 0.6 +noise Gaussian -colorspace gray \
        -filter Gaussian -resize 1200x800! \) -compose overlay -composite \
        -alpha off -depth 8 -strip "$1"
}

# The bytes of a PNG chunk's CRC are computed by python; these helpers patch files in place.
png_flip_idat_byte() {
    python3 - "$1" <<'PY'
import struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
pos = 8
while pos < len(data):
    length, kind = struct.unpack_from(">I4s", data, pos)
    if kind == b"IDAT":
        data[pos + 8 + length // 2] ^= 0x55   # one byte in the middle of the first IDAT's data; its CRC is now wrong
        break
    pos += 12 + length
open(path, "wb").write(data)
PY
}

png_bomb() {
    python3 - "$1" <<'PY'
import struct, sys, zlib
def chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
# 100000 x 100000 RGB, 8 bits: 30 GB of pixels once decoded. The IDAT holds the first rows only (filter 0, zeros),
# as a real but cut-short stream would; every CRC is right, so only the size gives it away.
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
rows = zlib.compress(b"\0" * (3 * 100000 + 1) * 4, 9)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
PY
}

# One frame of the animation: the scene at 160x120 with a white ball crossing it left to right (and bobbing) and a
# small orange square falling down the left side; frame k of 12.
frame() {
    local k=$1 out=$2 bx by sy
    bx=$((14 + k * 12))
    by=$(python3 -c "import math; print(round(60 + 22 * math.sin($k * math.pi / 6)))")
    sy=$((6 + k * 9))
    "$CONVERT" master.png -blur 0x8 -gravity center -crop 1067x800+0+0 +repage -resize 160x120! \
        -fill white -stroke '#101010' -strokewidth 2 -draw "circle $bx,$by $((bx + 10)),$by" +stroke \
        -fill '#ff8a00' -draw "rectangle 6,$sy 22,$((sy + 16))" -depth 8 "$out"
}

generate() {
    rm -f "${FIXTURES[@]}"
    local tmp
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN
    master master.png

    # A camera-like JPEG: 4:2:0, quality 90, no ICC profile (plain sRGB), no metadata.
    "$CONVERT" master.png -sampling-factor 2x2 -quality 90 photo.jpg

    # Portrait upright content (400x600), stored turned 90 degrees counter-clockwise (600x400) with EXIF
    # Orientation 6 ("turn 90 clockwise to show"), as a phone held upright writes it; plus GPS and capture time.
    "$CONVERT" master.png -gravity center -crop 533x800+0+0 +repage -resize 400x600! -rotate -90 \
        -sampling-factor 2x2 -quality 90 exif-rotated.jpg
    /usr/bin/exiftool -q -overwrite_original -Orientation#=6 -DateTimeOriginal='2024:05:01 12:34:56' \
        -Make=ChatMedia -Model='Fixture Camera' \
        -GPSLatitude=31.2304 -GPSLatitudeRef=N -GPSLongitude=121.4737 -GPSLongitudeRef=E \
        -GPSAltitude=12 -GPSAltitudeRef=0 exif-rotated.jpg

    # RGBA: opacity falls from 100 % on the left to 20 % on the right; a fully transparent disc (a hole) at right
    # centre and a fully opaque rounded block at the bottom right.
    "$CONVERT" master.png -gravity center -crop 1067x800+0+0 +repage -resize 400x300! \
        \( -size 300x400 gradient:white-'#333333' -rotate -90 \
        -fill black -draw 'circle 300,110 340,110' -fill white -draw 'roundrectangle 240,200 380,280 20,20' \) \
        -alpha off -compose CopyOpacity -composite -strip -define png:compression-level=9 alpha.png

    # 12 frames of 100 ms, looping forever. The GIF is layer-optimised, as most GIFs on the web are: frames after
    # the first store only the rectangle that changed; without dithering, so the palette shows as bands.
    local k frames=()
    for ((k = 0; k < 12; k++)); do
        frame "$k" "$tmp/frame-$(printf '%02d' "$k").png"
        frames+=("$tmp/frame-$(printf '%02d' "$k").png")
    done
    "$CONVERT" -delay 10 "${frames[@]}" +dither -colors 256 -loop 0 -layers Optimize animated.gif
    /usr/bin/img2webp -loop 0 -lossy -q 80 -m 4 -d 100 "${frames[@]}" -o animated.webp >/dev/null 2>&1

    # HEIC, one image (heif-enc writes no grid), with EXIF GPS and capture time to strip.
    /usr/bin/heif-enc -q 60 master.png -o photo.heic >/dev/null
    /usr/bin/exiftool -q -overwrite_original -DateTimeOriginal='2024:05:01 12:34:56' \
        -GPSLatitude=31.2304 -GPSLatitudeRef=N -GPSLongitude=121.4737 -GPSLongitudeRef=E photo.heic

    # HEIC as an iPhone lays it out: a 'grid' primary item of 1200x800 over 3x2 hidden 512x512 HEVC tiles (the
    # tiles cover 1536x1024; the reader crops the right column and the bottom row), assembled by heif-grid.py.
    "$CONVERT" master.png -background black -extent 1536x1024 -crop 512x512 +repage "$tmp/tile-%d.png"
    for ((k = 0; k < 6; k++)); do
        /usr/bin/heif-enc -q 60 "$tmp/tile-$k.png" -o "$tmp/tile-$k.heic" >/dev/null
    done
    python3 heif-grid.py grid.heic 1200 800 3 2 "$tmp"/tile-{0,1,2,3,4,5}.heic

    # AVIF (libaom through avifenc; heif-enc's AV1 path when avifenc is missing), 4:2:0 8 bits.
    if [ -x /usr/bin/avifenc ]; then
        /usr/bin/avifenc -s 6 -j 1 --min 20 --max 30 -y 420 -d 8 master.png photo.avif >/dev/null
    else
        /usr/bin/heif-enc -A -q 60 master.png -o photo.avif >/dev/null
    fi

    # Small uncompressed/lossless stills: BMP 24-bit (BITMAPINFOHEADER, bottom-up), TIFF RGB with LZW.
    "$CONVERT" master.png -resize 180x120! -type TrueColor bmp3:photo.bmp
    "$CONVERT" master.png -resize 240x160! -compress LZW -define tiff:predictor=2 photo.tiff
    # A lossy still WebP (VP8), 600x400.
    "$CONVERT" master.png -resize 600x400! "$tmp/still.png"
    /usr/bin/cwebp -quiet -q 80 -m 4 "$tmp/still.png" -o still.webp

    # Bad inputs.
    head -c $(($(stat -c %s photo.jpg) / 2)) photo.jpg >truncated.jpg
    "$CONVERT" master.png -resize 64x43! -strip -define png:compression-level=9 bad-crc.png
    png_flip_idat_byte bad-crc.png
    png_bomb bomb.png
    printf 'This is a plain text file named like nothing in particular.\nIt is not an image.\n' >not-an-image.txt

    rm -f master.png
}

fail() { echo "check failed: $*" >&2; exit 1; }

expect() { # expect <file> <identify -format> <expected>
    local got
    got=$("$IDENTIFY" -format "$2" "$1" 2>/dev/null) || fail "$1: identify failed"
    [ "$got" = "$3" ] || fail "$1: identify -format '$2' gave '$got', expected '$3'"
}

check() {
    local f
    for f in "${FIXTURES[@]}"; do
        [ -s "$f" ] || fail "$f is missing"
    done
    expect photo.jpg '%m %w %h %Q %[interlace]' 'JPEG 1200 800 90 None'
    [ -z "$("$IDENTIFY" -format '%[profiles]' photo.jpg 2>/dev/null)" ] || fail "photo.jpg has profiles"
    expect exif-rotated.jpg '%w %h %[EXIF:Orientation]' '600 400 6'
    [ "$("$CONVERT" exif-rotated.jpg -auto-orient -format '%w %h' info:)" = "400 600" ] || fail "auto-orient"
    /usr/bin/exiftool -s -s -s -GPSLatitude -GPSLongitude -DateTimeOriginal exif-rotated.jpg | grep -q . \
        || fail "exif-rotated.jpg has no GPS"
    expect alpha.png '%m %w %h %[channels]' 'PNG 400 300 srgba'
    # opaque on the left, partly transparent on the right, the hole fully transparent, the block fully opaque
    expect alpha.png '%[fx:round(10*p{5,150}.a)] %[fx:p{300,110}.a] %[fx:p{310,240}.a]' '10 0 1'
    local alpha_right
    alpha_right=$("$IDENTIFY" -format '%[fx:round(100*p{395,20}.a)]' alpha.png)
    [ "$alpha_right" -ge 15 ] && [ "$alpha_right" -le 25 ] || fail "alpha.png right edge opacity $alpha_right %"
    [ "$("$IDENTIFY" -format '%n\n' animated.gif | head -1)" = 12 ] || fail "animated.gif frame count"
    expect 'animated.gif[0]' '%m %W %H %T' 'GIF 160 120 10'
    [ "$(/usr/bin/webpmux -info animated.webp | sed -n 's/^Number of frames: *//p')" = 12 ] \
        || fail "animated.webp frame count"
    /usr/bin/webpmux -info animated.webp | grep -q 'Canvas size: 160 x 120' || fail "animated.webp canvas"
    /usr/bin/heif-info photo.heic | grep -q 'image: 1200x800' || fail "photo.heic size"
    /usr/bin/exiftool -s -s -s -GPSLatitude photo.heic | grep -q . || fail "photo.heic has no GPS"
    /usr/bin/heif-info grid.heic | grep -q 'image: 1200x800' || fail "grid.heic size"
    /usr/bin/exiftool -s -s -s -ImageSpatialExtent -a grid.heic | grep -q '^512x512$' || fail "grid.heic tiles"
    expect photo.avif '%w %h' '1200 800'
    expect photo.bmp '%m %w %h' 'BMP3 180 120'
    expect photo.tiff '%m %w %h %C' 'TIFF 240 160 LZW'
    expect still.webp '%m %w %h' 'WEBP 600 400'
    [ "$(stat -c %s truncated.jpg)" -eq $(($(stat -c %s photo.jpg) / 2)) ] || fail "truncated.jpg size"
    python3 - <<'PY' || fail "bad-crc.png / bomb.png structure"
import struct, zlib
def chunks(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, out = 8, []
    while pos < len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        payload = data[pos + 8:pos + 8 + length]
        crc = struct.unpack_from(">I", data, pos + 8 + length)[0]
        out.append((kind, payload, crc == zlib.crc32(kind + payload) & 0xFFFFFFFF))
        pos += 12 + length
    return out
bad = chunks("bad-crc.png")
assert all(ok for kind, _, ok in bad if kind != b"IDAT") and not all(ok for kind, _, ok in bad if kind == b"IDAT")
bomb = chunks("bomb.png")
assert all(ok for _, _, ok in bomb)
assert struct.unpack(">II", bomb[0][1][:8]) == (100000, 100000)
PY
    [ -z "$(LC_ALL=C tr -d '[:print:]\n' <not-an-image.txt)" ] || fail "not-an-image.txt has binary bytes"
}

table() {
    local f total=0 size
    printf '| file | bytes | identify |\n|---|---|---|\n'
    for f in "${FIXTURES[@]}"; do
        size=$(stat -c %s "$f")
        total=$((total + size))
        printf '| `%s` | %s | %s |\n' "$f" "$size" \
            "$("$IDENTIFY" -format '%m %wx%h %n frames\n' "$f" 2>/dev/null | head -1 || echo '(not an image to ImageMagick)')"
    done
    printf 'total: %s bytes\n' "$total"
}

if [ "${1:-}" != --check ]; then
    generate
fi
check
table
