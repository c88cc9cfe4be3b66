#!/usr/bin/env python3
"""Writes HEIF files the way an iPhone lays them out, from HEVC images that heif-enc coded on their own.

heif-enc (libheif 1.15) writes one image per item and no grids, irot or imir. This lifts the coded picture and its
properties (hvcC, colr, pixi) out of heif-enc's single-image files and writes a new file around them:

    heifmux.py image OUT IN.heic [--irot N] [--imir AXIS]
        one coded image as the primary item, with the given transformations
    heifmux.py grid OUT COLUMNS ROWS WIDTH HEIGHT TILE.heic... [--irot N] [--imir AXIS]
        a 'grid' derived item (primary, output WIDTH x HEIGHT, smaller than the tiles' extent, as an iPhone's
        4032x3024 over 8x6 tiles of 512) over the tiles given row by row; tiles are hidden 'hvc1' items sharing one
        hvcC when heif-enc gave them identical ones, the grid's ImageGrid record is in 'idat' (construction method 1)

irot N turns the image N x 90 degrees anticlockwise; imir AXIS mirrors it (0: top and bottom swap, 1: left and right
swap, as libheif, libavif and FFmpeg all read it), both applied after the grid is composed and cropped.
Only what is needed here: 8-bit HEVC, one extent per item, meta before mdat.
"""
import struct
import sys


def box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind, version, flags, payload):
    return box(kind, struct.pack(">I", (version << 24) | flags) + payload)


def children(data, start=0, end=None):
    """(type, payload start, payload end) of each box in data[start:end]."""
    end = len(data) if end is None else end
    pos = start
    while pos < end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        yield kind, pos + header, pos + size
        pos += size


def find(data, kind, start=0, end=None):
    for k, s, e in children(data, start, end):
        if k == kind:
            return s, e
    raise ValueError("no %s box" % kind.decode())


def read_uint(data, pos, size):
    return int.from_bytes(data[pos:pos + size], "big") if size else 0


class Coded:
    """The primary item of a heif-enc file: its bitstream and its properties other than ispe."""

    def __init__(self, path):
        data = open(path, "rb").read()
        ms, me = find(data, b"meta")
        ms += 4  # version and flags
        ps, _ = find(data, b"pitm", ms, me)
        primary = struct.unpack_from(">H", data, ps + 4)[0]
        self.data = self._extent(data, ms, me, primary)
        self.width, self.height, self.props = self._properties(data, ms, me, primary)

    @staticmethod
    def _extent(data, ms, me, item):
        s, _ = find(data, b"iloc", ms, me)
        version = data[s]
        pos = s + 4
        offset_size, length_size = data[pos] >> 4, data[pos] & 15
        base_size, index_size = data[pos + 1] >> 4, (data[pos + 1] & 15 if version else 0)
        pos += 2
        count = struct.unpack_from(">H" if version < 2 else ">I", data, pos)[0]
        pos += 2 if version < 2 else 4
        for _ in range(count):
            item_id = read_uint(data, pos, 2 if version < 2 else 4)
            pos += 2 if version < 2 else 4
            method = 0
            if version:
                method = struct.unpack_from(">H", data, pos)[0] & 15
                pos += 2
            pos += 2  # data reference index
            base = read_uint(data, pos, base_size)
            pos += base_size
            extents = struct.unpack_from(">H", data, pos)[0]
            pos += 2
            parts = []
            for _ in range(extents):
                pos += index_size
                offset = read_uint(data, pos, offset_size)
                pos += offset_size
                length = read_uint(data, pos, length_size)
                pos += length_size
                parts.append(data[base + offset:base + offset + length])
            if item_id == item:
                if method != 0:
                    raise ValueError("item data not in the file's own bytes")
                return b"".join(parts)
        raise ValueError("no iloc entry for item %d" % item)

    @staticmethod
    def _properties(data, ms, me, item):
        s, e = find(data, b"iprp", ms, me)
        cs, ce = find(data, b"ipco", s, e)
        boxes = [(k, data[ks - 8:ke]) for k, ks, ke in children(data, cs, ce)]
        ps, _ = find(data, b"ipma", s, e)
        flags = struct.unpack_from(">I", data, ps)[0] & 0xFFFFFF
        version = data[ps]
        pos = ps + 4
        count = struct.unpack_from(">I", data, pos)[0]
        pos += 4
        for _ in range(count):
            item_id = read_uint(data, pos, 2 if version < 1 else 4)
            pos += 2 if version < 1 else 4
            n = data[pos]
            pos += 1
            indexes = []
            for _ in range(n):
                if flags & 1:
                    value = struct.unpack_from(">H", data, pos)[0]
                    pos += 2
                    indexes.append((value & 0x7FFF, bool(value & 0x8000)))
                else:
                    indexes.append((data[pos] & 0x7F, bool(data[pos] & 0x80)))
                    pos += 1
            if item_id != item:
                continue
            width = height = None
            props = []
            for index, essential in indexes:
                kind, raw = boxes[index - 1]
                if kind == b"ispe":
                    width, height = struct.unpack_from(">II", raw, 12)
                else:
                    props.append((raw, essential))
            return width, height, props
        raise ValueError("no ipma entry for item %d" % item)


def ispe(width, height):
    return full_box(b"ispe", 0, 0, struct.pack(">II", width, height))


def transforms(irot, imir):
    props = []
    if irot:
        props.append((box(b"irot", bytes([irot & 3])), True))
    if imir is not None:
        props.append((box(b"imir", bytes([imir & 1])), True))
    return props


def write(out, items, primary, grid_refs=None, idat=b""):
    """items: (id, type, hidden, data, in_idat, [(property box, essential)]), in file order."""
    # property boxes, shared when byte-identical (as iPhones share one hvcC between all tiles)
    unique = []
    assoc = []
    for item in items:
        entry = []
        for raw, essential in item[5]:
            if raw not in unique:
                unique.append(raw)
            entry.append((unique.index(raw) + 1, essential))
        assoc.append((item[0], entry))
    if len(unique) > 127:
        raise ValueError("too many distinct properties for 8-bit ipma indexes")
    ipma = struct.pack(">I", len(assoc))
    for item_id, entry in assoc:
        ipma += struct.pack(">HB", item_id, len(entry))
        ipma += bytes((0x80 if essential else 0) | index for index, essential in entry)
    iprp = box(b"iprp", box(b"ipco", b"".join(unique)) + full_box(b"ipma", 0, 0, ipma))

    infe = b"".join(full_box(b"infe", 2, 1 if hidden else 0, struct.pack(">HH4s", item_id, 0, kind) + b"\0")
                    for item_id, kind, hidden, _, _, _ in items)
    iinf = full_box(b"iinf", 0, 0, struct.pack(">H", len(items)) + infe)
    hdlr = full_box(b"hdlr", 0, 0, struct.pack(">I4s12s", 0, b"pict", b"") + b"\0")
    pitm = full_box(b"pitm", 0, 0, struct.pack(">H", primary))
    iref = b""
    if grid_refs:
        grid_id, tile_ids = grid_refs
        iref = full_box(b"iref", 0, 0, box(b"dimg", struct.pack(">HH", grid_id, len(tile_ids))
                                                     + b"".join(struct.pack(">H", t) for t in tile_ids)))
    idat_box = box(b"idat", idat) if idat else b""
    ftyp = box(b"ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heicmiaf")

    def iloc(mdat_start):
        body = struct.pack(">BBH", 0x44, 0x00, len(items))
        mdat_pos = mdat_start
        idat_pos = 0
        for item_id, _, _, data, in_idat, _ in items:
            if in_idat:
                offset, idat_pos = idat_pos, idat_pos + len(data)
            else:
                offset, mdat_pos = mdat_pos, mdat_pos + len(data)
            body += struct.pack(">HHHHII", item_id, 1 if in_idat else 0, 0, 1, offset, len(data))
        return full_box(b"iloc", 1, 0, body)

    def meta(mdat_start):
        return full_box(b"meta", 0, 0, hdlr + pitm + iloc(mdat_start) + iinf + iref + iprp + idat_box)

    mdat_start = len(ftyp) + len(meta(0)) + 8
    mdat = box(b"mdat", b"".join(item[3] for item in items if not item[4]))
    with open(out, "wb") as f:
        f.write(ftyp + meta(mdat_start) + mdat)


def options(args):
    irot, imir, rest = 0, None, []
    it = iter(args)
    for a in it:
        if a == "--irot":
            irot = int(next(it))
        elif a == "--imir":
            imir = int(next(it))
        else:
            rest.append(a)
    return irot, imir, rest


def main(argv):
    irot, imir, args = options(argv[1:])
    if args[0] == "image":
        out, coded = args[1], Coded(args[2])
        props = coded.props + [(ispe(coded.width, coded.height), False)] + transforms(irot, imir)
        write(out, [(1, b"hvc1", False, coded.data, False, props)], 1)
    elif args[0] == "grid":
        out = args[1]
        columns, rows, width, height = (int(a) for a in args[2:6])
        tiles = [Coded(p) for p in args[6:]]
        if len(tiles) != columns * rows:
            raise SystemExit("%d tiles for a %dx%d grid" % (len(tiles), columns, rows))
        tw, th = tiles[0].width, tiles[0].height
        if any((t.width, t.height) != (tw, th) for t in tiles):
            raise SystemExit("tiles of different sizes")
        if not (tw * (columns - 1) < width <= tw * columns and th * (rows - 1) < height <= th * rows):
            raise SystemExit("output size does not fit the tiles")
        items = [(i + 1, b"hvc1", True, t.data, False, t.props + [(ispe(tw, th), False)])
                 for i, t in enumerate(tiles)]
        grid_id = len(tiles) + 1
        large = width > 0xFFFF or height > 0xFFFF
        record = struct.pack(">BBBB", 0, 1 if large else 0, rows - 1, columns - 1)
        record += struct.pack(">II" if large else ">HH", width, height)
        # the grid: its own size, the tiles' colour description and pixel depth, then the transformations
        shared = [(raw, False) for raw, _ in tiles[0].props if raw[4:8] in (b"colr", b"pixi")]
        items.append((grid_id, b"grid", False, record, True,
                      [(ispe(width, height), False)] + shared + transforms(irot, imir)))
        write(out, items, grid_id, (grid_id, [i + 1 for i in range(len(tiles))]), record)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
