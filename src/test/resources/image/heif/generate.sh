#!/usr/bin/env bash
# Regenerates the HEIF/AVIF fixtures in this directory (README.md says what each one is and shows).
#
#   src/test/resources/image/heif/generate.sh           # writes the fixtures, then checks them
#   src/test/resources/image/heif/generate.sh --check   # only checks the committed files
#
# Pictures come from pattern.py (flat colour regions, known to the tests), are coded by heif-enc (libheif 1.15 with
# x265 3.5) and avifenc (libavif 0.11 with libaom 3.6), Debian 12's libheif-examples and libavif-bin, installed
# here when missing. heif-enc writes neither grids nor irot/imir, so heifmux.py lifts its coded pictures out and
# writes those files itself, laid out as an iPhone does (hidden hvc1 tiles sharing one hvcC, a grid item in idat).
# The check decodes every file with libheif (heif-convert), an independent reader, and compares colours.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$DIR"

need() {
    local missing=()
    command -v heif-enc >/dev/null && command -v heif-convert >/dev/null || missing+=(libheif-examples)
    command -v avifenc >/dev/null || missing+=(libavif-bin)
    command -v python3 >/dev/null || missing+=(python3)
    if ((${#missing[@]})); then
        echo "installing ${missing[*]}" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

WORK=""
cleanup() { [[ -n "$WORK" ]] && rm -rf "$WORK"; }
trap cleanup EXIT

# hevc <out.heic> <pattern args...>: one picture coded by heif-enc at quality $Q (default 80)
hevc() {
    local out="$1"
    shift
    python3 pattern.py "$WORK/in.png" "$@"
    heif-enc -q "${Q:-80}" -o "$out" "$WORK/in.png" >/dev/null
}

# grid <out.heic> <columns> <rows> <tile> <width> <height> <cell> [heifmux options]: a cells picture in tiles
grid() {
    local out="$1" cols="$2" rows="$3" tile="$4" w="$5" h="$6" cell="$7" r c tiles=()
    shift 7
    for ((r = 0; r < rows; r++)); do
        for ((c = 0; c < cols; c++)); do
            hevc "$WORK/tile-$r-$c.heic" cells "$w" "$h" "$cell" $((c * tile)) $((r * tile)) "$tile" "$tile"
            tiles+=("$WORK/tile-$r-$c.heic")
        done
    done
    python3 heifmux.py grid "$out" "$cols" "$rows" "$w" "$h" "${tiles[@]}" "$@"
}

generate() {
    rm -f ./*.heic ./*.avif

    # 640x480, quadrants red, green / blue, yellow; coded by heif-enc as it is (one hvc1 item)
    hevc hevc-640x480.heic quadrants 640 480
    # the same coded picture with transformations: irot 1 (90 degrees anticlockwise: upright 480x640),
    # imir 1 (left and right swap), and irot 1 then imir 0 (top and bottom swap after the turn)
    python3 heifmux.py image hevc-640x480-irot90.heic hevc-640x480.heic --irot 1
    python3 heifmux.py image hevc-640x480-imir-lr.heic hevc-640x480.heic --imir 1
    python3 heifmux.py image hevc-640x480-irot90-imir-tb.heic hevc-640x480.heic --irot 1 --imir 0
    # an odd size: heif-enc codes 642x480 and writes a one-tile grid cropping it to 641x479
    hevc hevc-641x479.heic quadrants 641 479
    # heif-enc's own thumbnail (a 64x48 one-tile grid), so the primary image is not the file's only grid
    python3 pattern.py "$WORK/in.png" quadrants 640 480
    heif-enc -q 80 -t 64 -o hevc-640x480-thumbnail.heic "$WORK/in.png" >/dev/null

    # 3x2 tiles of 256 (768x512) cropped to 720x480; cells of 240, so every tile holds parts of two or four
    grid hevc-grid-720x480.heic 3 2 256 720 480 240
    # an iPhone portrait photo's layout: 8x6 tiles of 512 (4096x3072) cropped to 4032x3024, cells of 504, and
    # irot 3 (270 degrees anticlockwise, 90 clockwise): upright 3024x4032. Low quality keeps it small.
    Q=50 grid hevc-grid-4032x3024-irot270.heic 8 6 512 4032 3024 504 --irot 3

    # AVIF: one picture, 4:2:0; and a 2x2 grid of 320x240 tiles over cells of 200
    python3 pattern.py "$WORK/in.png" quadrants 640 480
    avifenc -j 1 -s 6 -y 420 --min 10 --max 30 "$WORK/in.png" av1-640x480.avif >/dev/null
    python3 pattern.py "$WORK/in.png" cells 640 480 200
    avifenc -j 1 -s 6 -y 420 --min 10 --max 30 -g 2x2 "$WORK/in.png" av1-grid-640x480.avif >/dev/null
}

# check <file> <upright W> <upright H> <pattern args...> [-- heifmux transformation options]
check() {
    local file="$1" w="$2" h="$3"
    shift 3
    heif-convert "$file" "$WORK/out.png" >/dev/null
    local result
    result="$(python3 pattern.py --check "$WORK/out.png" "$w" "$h" "$@")" || { echo "FAILED: $file" >&2; exit 1; }
    printf '%-36s %6d bytes  %4dx%-4d  %s\n' "$file" "$(stat -c %s "$file")" "$w" "$h" "$result"
}

need
WORK="$(mktemp -d)"
[[ "${1:-}" == "--check" ]] || generate
check hevc-640x480.heic 640 480 quadrants 640 480
check hevc-640x480-irot90.heic 480 640 quadrants 640 480 -- --irot 1
check hevc-640x480-imir-lr.heic 640 480 quadrants 640 480 -- --imir 1
check hevc-640x480-irot90-imir-tb.heic 480 640 quadrants 640 480 -- --irot 1 --imir 0
check hevc-640x480-thumbnail.heic 640 480 quadrants 640 480
check hevc-641x479.heic 641 479 quadrants 641 479
check hevc-grid-720x480.heic 720 480 cells 720 480 240
check hevc-grid-4032x3024-irot270.heic 3024 4032 cells 4032 3024 504 -- --irot 3
check av1-640x480.avif 640 480 quadrants 640 480
check av1-grid-640x480.avif 640 480 cells 640 480 200
echo "total $(cat ./*.heic ./*.avif | wc -c) bytes"
