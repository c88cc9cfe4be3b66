#!/usr/bin/env node
// The sharp reference of bench/image-throughput.sh (run by it, with sharp installed into bench/.node/):
//
//   node bench/sharp-throughput.js <source> <n> <concurrency> <jpeg|webp> <width> <quality> <warmup> <out dir>
//
// Reads the source once into a Buffer, then resizes it to <width> px wide and encodes it <n> times, with
// <concurrency> promises in flight (each takes the next index when it finishes one), after <warmup> untimed runs at
// the same concurrency. sharp.concurrency() (libvips threads per image) is left at its default and reported;
// libvips' operation cache is switched off (sharp.cache(false)), so no run reuses another's work. The outputs are
// kept in memory and written to <out dir>/<i>.<ext> after the timed span, for the caller to check. Prints one JSON
// line: seconds, images_per_s, mean output bytes, sharp's concurrency and versions.
'use strict';

const fs = require('fs');
const path = require('path');

const sharp = require(path.join(process.env.SHARP_NODE_DIR || path.join(__dirname, '.node'), 'node_modules', 'sharp'));

const [source, nArg, cArg, format, widthArg, qualityArg, warmupArg, outDir] = process.argv.slice(2);
if (!outDir || !['jpeg', 'webp'].includes(format)) {
    console.error('usage: sharp-throughput.js <source> <n> <concurrency> <jpeg|webp> <width> <quality> <warmup> <out dir>');
    process.exit(2);
}
const n = Number(nArg), c = Number(cArg), width = Number(widthArg), quality = Number(qualityArg);
const warmup = Number(warmupArg);

sharp.cache(false);
const input = fs.readFileSync(source);

function one() {
    const pipeline = sharp(input).resize({ width });
    return (format === 'jpeg' ? pipeline.jpeg({ quality }) : pipeline.webp({ quality })).toBuffer();
}

// pool(count): runs one() count times with c in flight; resolves to the outputs in index order.
async function pool(count) {
    const outputs = new Array(count);
    let next = 0;
    async function worker() {
        while (next < count) {
            const i = next++;
            outputs[i] = await one();
        }
    }
    await Promise.all(Array.from({ length: Math.min(c, count) }, worker));
    return outputs;
}

(async () => {
    await pool(warmup);
    const t0 = process.hrtime.bigint();
    const outputs = await pool(n);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    fs.mkdirSync(outDir, { recursive: true });
    const ext = format === 'jpeg' ? 'jpg' : 'webp';
    outputs.forEach((buffer, i) => fs.writeFileSync(path.join(outDir, `${i}.${ext}`), buffer));
    console.log(JSON.stringify({
        seconds,
        images_per_s: n / seconds,
        mean_bytes: outputs.reduce((sum, b) => sum + b.length, 0) / n,
        sharp_concurrency: sharp.concurrency(),
        uv_threadpool_size: Number(process.env.UV_THREADPOOL_SIZE || 4),
        simd: sharp.simd(),
        sharp: sharp.versions.sharp,
        libvips: sharp.versions.vips,
        node: process.version,
    }));
})().catch((e) => {
    console.error(e);
    process.exit(1);
});
