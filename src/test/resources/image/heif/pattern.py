#!/usr/bin/env python3
"""Writes a PNG of the fixtures' test pictures, or of one rectangle of them (a grid's tile).

    pattern.py OUT.png quadrants W H [X Y TW TH]
    pattern.py OUT.png cells W H CELL [X Y TW TH]
    pattern.py --check DECODED.png UW UH quadrants|cells W H [CELL] [-- [--irot N] [--imir AXIS]]

quadrants: top left red, top right green, bottom left blue, bottom right yellow (PALETTE's first four), split at
           W/2 and H/2.
cells:     squares of CELL px; the one at column cx, row cy has PALETTE[(cx + 3 * cy) % 8], so neighbours differ.
Outside the W x H picture (the part of a grid's last tiles that the grid crops away) the colour is grey.
HeifDecoderTest computes the same colours.

--check reads an 8-bit RGB(A) PNG that a decoder made of a fixture, expects it UW x UH, and compares the colour of
each region's centre and of points 6 px inside its corners with the pattern's, after the fixture's transformations
(irot N: N quarter turns anticlockwise, then imir 0: top and bottom swap, imir 1: left and right swap).
"""
import struct
import sys
import zlib

# Mid-tones, none near 0 or 255: read with the wrong YCbCr range or matrix they move by 12 or more, where pure
# primaries would clip back to the same 0 and 255.
PALETTE = [(200, 40, 40), (40, 180, 60), (40, 60, 200), (210, 200, 50),
           (190, 50, 180), (50, 190, 200), (208, 208, 208), (48, 48, 48)]
GREY = (128, 128, 128)
CENTRE_TOLERANCE = 8   # a region's centre, far from any edge, where only the coding's own error shows
EDGE_TOLERANCE = 40    # 6 px from an edge: 4:2:0 chroma and the coding's ringing blur a little across it


def colour(kind, w, h, cell, x, y):
    if x >= w or y >= h:
        return GREY
    if kind == "quadrants":
        return PALETTE[(1 if x >= w // 2 else 0) + (2 if y >= h // 2 else 0)]
    return PALETTE[(x // cell + 3 * (y // cell)) % 8]


def png(path, width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + row for row in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def read_png(path):
    data = open(path, "rb").read()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack_from(">IIBB", body)
            if depth != 8 or colour_type not in (2, 6):
                raise SystemExit("%s: only 8-bit RGB or RGBA" % path)
            bpp = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])


def upright(x, y, w, h, irot, imir):
    """Where stored pixel (x, y) of a w x h image lands once turned and mirrored."""
    for _ in range(irot):
        x, y, w, h = y, w - 1 - x, h, w
    if imir == 0:
        y = h - 1 - y
    elif imir == 1:
        x = w - 1 - x
    return x, y


def check(argv):
    path, uw, uh, kind, w, h = argv[0], int(argv[1]), int(argv[2]), argv[3], int(argv[4]), int(argv[5])
    rest = argv[6:]
    cell = int(rest.pop(0)) if kind == "cells" else 0
    irot = int(rest[rest.index("--irot") + 1]) if "--irot" in rest else 0
    imir = int(rest[rest.index("--imir") + 1]) if "--imir" in rest else None
    width, height, pixel = read_png(path)
    if (width, height) != (uw, uh):
        raise SystemExit("%s is %dx%d, not %dx%d" % (path, width, height, uw, uh))
    size = cell if cell else None
    regions = ([(x, y, min(cell, w - x), min(cell, h - y)) for y in range(0, h, cell) for x in range(0, w, cell)]
               if size else [(0, 0, w // 2, h // 2), (w // 2, 0, w - w // 2, h // 2),
                             (0, h // 2, w // 2, h - h // 2), (w // 2, h // 2, w - w // 2, h - h // 2)])
    worst = [0, 0]
    for rx, ry, rw, rh in regions:
        expected = colour(kind, w, h, cell, rx, ry)
        for i, (x, y) in enumerate(((rx + rw // 2, ry + rh // 2), (rx + 6, ry + 6), (rx + rw - 7, ry + 6),
                                    (rx + 6, ry + rh - 7), (rx + rw - 7, ry + rh - 7))):
            got = pixel(*upright(x, y, w, h, irot, imir))
            diff = max(abs(a - b) for a, b in zip(got, expected))
            worst[min(i, 1)] = max(worst[min(i, 1)], diff)
            if diff > (CENTRE_TOLERANCE if i == 0 else EDGE_TOLERANCE):
                raise SystemExit("%s: stored (%d, %d) is %s, expected %s" % (path, x, y, got, expected))
    return worst


def main(argv):
    if argv[1] == "--check":
        worst = check(argv[2:])
        print("largest difference %d at centres, %d near edges" % tuple(worst))
        return
    out, kind = argv[1], argv[2]
    w, h = int(argv[3]), int(argv[4])
    rest = [int(a) for a in argv[5:]]
    cell = rest.pop(0) if kind == "cells" else 0
    x0, y0, tw, th = rest if rest else (0, 0, w, h)
    # a row is a few runs of one colour: they change only at multiples of CELL, at W/2 and at W
    cuts = {x0, x0 + tw, w // 2, w} | (set(range(0, x0 + tw, cell)) if cell else set())
    cuts = sorted(c for c in cuts if x0 <= c <= x0 + tw)
    rows = []
    for y in range(y0, y0 + th):
        rows.append(b"".join(bytes(colour(kind, w, h, cell, a, y)) * (b - a) for a, b in zip(cuts, cuts[1:])))
    png(out, tw, th, rows)


if __name__ == "__main__":
    main(sys.argv)
