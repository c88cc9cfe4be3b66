#!/usr/bin/env python3
"""Assembles a grid HEIC, the layout iPhones write, from single-image HEIC tiles made by heif-enc.

    heif-grid.py OUT.heic WIDTH HEIGHT COLUMNS ROWS TILE.heic...   (tiles row by row, all the same size)

Debian 12's heif-enc (libheif 1.15) cannot write grids, so this writes the boxes (ISO/IEC 23008-12) itself:
ftyp; meta with hdlr 'pict', pitm = the grid item, iinf (the tiles are hidden 'hvc1' items, the primary a 'grid'
item), iref 'dimg' grid -> tiles, iprp (each tile keeps heif-enc's hvcC/ispe/colr/pixi; the grid gets its own
ispe of WIDTH x HEIGHT plus the tiles' colr/pixi) and iloc; then one mdat with the grid descriptor and every tile's
coded data, copied as heif-enc wrote it. The tiles may cover more than WIDTH x HEIGHT (the right column and the
bottom row then stick out and are cropped by the reader), as on an iPhone, whose 512x512 tiles cover 4096x3072 for
a 4032x3024 photo. Standard library only.
"""
import struct
import sys


def boxes(data, start=0, end=None):
    """Yields (type, payload_start, box_end) for each box in data[start:end]."""
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
        yield kind.decode("latin-1"), pos + header, pos + size
        pos += size


def child(data, start, end, kind):
    for k, s, e in boxes(data, start, end):
        if k == kind:
            return s, e
    raise ValueError("no %s box" % kind)


def read_tile(path):
    """The primary item's coded bytes and its property boxes (whole boxes, header included), from a heif-enc file."""
    data = open(path, "rb").read()
    ms, me = child(data, 0, len(data), "meta")
    ms += 4  # FullBox
    ps, pe = child(data, ms, me, "pitm")
    primary = struct.unpack_from(">H", data, ps + 4)[0]
    # iloc
    ls, le = child(data, ms, me, "iloc")
    version = data[ls]
    sizes = struct.unpack_from(">BB", data, ls + 4)
    offset_size, length_size = sizes[0] >> 4, sizes[0] & 15
    base_size, index_size = sizes[1] >> 4, (sizes[1] & 15 if version in (1, 2) else 0)
    pos = ls + 6
    count_fmt = ">H" if version < 2 else ">I"
    count = struct.unpack_from(count_fmt, data, pos)[0]
    pos += struct.calcsize(count_fmt)

    def uint(n):
        nonlocal pos
        value = int.from_bytes(data[pos:pos + n], "big") if n else 0
        pos += n
        return value

    coded = None
    for _ in range(count):
        item = uint(2 if version < 2 else 4)
        method = uint(2) & 15 if version in (1, 2) else 0
        uint(2)  # data_reference_index
        base = uint(base_size)
        chunks = []
        for _ in range(uint(2)):
            if index_size:
                uint(index_size)
            off = uint(offset_size)
            length = uint(length_size)
            chunks.append(data[base + off:base + off + length])
        if item == primary:
            if method != 0:
                raise ValueError("%s: primary item not stored in the file's mdat" % path)
            coded = b"".join(chunks)
    if coded is None:
        raise ValueError("%s: no iloc entry for the primary item" % path)
    # properties associated with the primary item
    ips, ipe = child(data, ms, me, "iprp")
    cs, ce = child(data, ips, ipe, "ipco")
    props = [data[s - 8:e] for _, s, e in boxes(data, cs, ce)]  # heif-enc writes 32-bit box sizes
    as_, ae = child(data, ips, ipe, "ipma")
    version, flags = data[as_], int.from_bytes(data[as_ + 1:as_ + 4], "big")
    pos = as_ + 4
    mine = []
    for _ in range(uint(4)):
        item = uint(2 if version < 1 else 4)
        for _ in range(uint(1)):
            index = uint(2) & 0x7FFF if flags & 1 else uint(1) & 0x7F
            if item == primary:
                mine.append(props[index - 1])
    return coded, mine


def box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind.encode()) + payload


def full_box(kind, version, flags, payload):
    return box(kind, struct.pack(">I", (version << 24) | flags) + payload)


def prop_type(prop):
    return prop[4:8].decode("latin-1")


def main(argv):
    out, width, height, columns, rows = argv[1], int(argv[2]), int(argv[3]), int(argv[4]), int(argv[5])
    tiles = [read_tile(p) for p in argv[6:]]
    if len(tiles) != columns * rows:
        raise SystemExit("need %d tiles, got %d" % (columns * rows, len(tiles)))
    grid_id = 1
    tile_ids = list(range(2, 2 + len(tiles)))

    # One ipco: every distinct property box once.
    ipco = []

    def index_of(prop):
        if prop not in ipco:
            ipco.append(prop)
        return ipco.index(prop) + 1

    associations = {}
    shared = []
    for tid, (_, props) in zip(tile_ids, tiles):
        associations[tid] = [(index_of(p), prop_type(p) == "hvcC") for p in props]
        shared += [p for p in props if prop_type(p) in ("colr", "pixi") and p not in shared]
    grid_ispe = full_box("ispe", 0, 0, struct.pack(">II", width, height))
    associations[grid_id] = [(index_of(grid_ispe), False)] + [(index_of(p), False) for p in shared]

    ftyp = box("ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heic")
    hdlr = full_box("hdlr", 0, 0, struct.pack(">I", 0) + b"pict" + bytes(12) + b"\0")
    pitm = full_box("pitm", 0, 0, struct.pack(">H", grid_id))
    infe = [full_box("infe", 2, 0, struct.pack(">HH", grid_id, 0) + b"grid" + b"\0")]
    infe += [full_box("infe", 2, 1, struct.pack(">HH", tid, 0) + b"hvc1" + b"\0") for tid in tile_ids]  # hidden
    iinf = full_box("iinf", 0, 0, struct.pack(">H", len(infe)) + b"".join(infe))
    dimg = box("dimg", struct.pack(">HH", grid_id, len(tile_ids)) + b"".join(struct.pack(">H", t) for t in tile_ids))
    iref = full_box("iref", 0, 0, dimg)
    ipma_entries = b""
    for item in [grid_id] + tile_ids:
        ipma_entries += struct.pack(">HB", item, len(associations[item]))
        ipma_entries += bytes(((0x80 if essential else 0) | index) for index, essential in associations[item])
    ipma = full_box("ipma", 0, 0, struct.pack(">I", len(associations)) + ipma_entries)
    iprp = box("iprp", box("ipco", b"".join(ipco)) + ipma)

    grid_data = struct.pack(">BBBBHH", 0, 0, rows - 1, columns - 1, width, height)
    payloads = [grid_data] + [coded for coded, _ in tiles]

    def iloc_box(offsets):
        entries = b"".join(struct.pack(">HHHII", item, 0, 1, off, len(p))
                           for item, off, p in zip([grid_id] + tile_ids, offsets, payloads))
        return full_box("iloc", 0, 0, struct.pack(">BBH", 0x44, 0x00, len(payloads)) + entries)

    def meta(offsets):
        return full_box("meta", 0, 0, hdlr + pitm + iloc_box(offsets) + iinf + iref + iprp)

    # The iloc's size does not depend on the offsets' values, so lay out once with zeros, then for real.
    head = len(ftyp) + len(meta([0] * len(payloads))) + 8
    offsets, pos = [], head
    for p in payloads:
        offsets.append(pos)
        pos += len(p)
    with open(out, "wb") as f:
        f.write(ftyp + meta(offsets) + box("mdat", b"".join(payloads)))


if __name__ == "__main__":
    main(sys.argv)
