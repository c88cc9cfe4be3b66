// A BlurHash decoder (https://blurha.sh, Wolt's algorithm): turns the short string ChatMedia answers for
// ?x-oss-process=image/blurhash into pixels, drawn on a canvas while the real thumbnail loads.
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

function base83(text) {
  let value = 0;
  for (const c of text) {
    const digit = DIGITS.indexOf(c);
    if (digit < 0) throw new Error("not a BlurHash");
    value = value * 83 + digit;
  }
  return value;
}

const toLinear = (v) => { const x = v / 255; return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
const toSrgb = (v) => {
  const x = Math.min(1, Math.max(0, v));
  return Math.round(x <= 0.0031308 ? x * 12.92 * 255 : (1.055 * Math.pow(x, 1 / 2.4) - 0.055) * 255);
};
const signedPow = (v, e) => Math.sign(v) * Math.pow(Math.abs(v), e);

/** RGBA pixels (a Uint8ClampedArray of width × height × 4) for a BlurHash; throws on a malformed one. */
export function decode(hash, width, height) {
  if (!hash || hash.length < 6) throw new Error("not a BlurHash");
  const size = base83(hash[0]);
  const nx = (size % 9) + 1;
  const ny = Math.floor(size / 9) + 1;
  if (hash.length !== 4 + 2 * nx * ny) throw new Error("not a BlurHash");
  const maximum = (base83(hash[1]) + 1) / 166;
  const colours = [];
  const dc = base83(hash.substring(2, 6));
  colours.push([toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]);
  for (let i = 1; i < nx * ny; i++) {
    const ac = base83(hash.substring(4 + i * 2, 6 + i * 2));
    colours.push([Math.floor(ac / 361), Math.floor(ac / 19) % 19, ac % 19]
      .map((q) => signedPow((q - 9) / 9, 2) * maximum));
  }
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0;
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const basis = Math.cos((Math.PI * x * i) / width) * Math.cos((Math.PI * y * j) / height);
          const c = colours[i + j * nx];
          r += c[0] * basis; g += c[1] * basis; b += c[2] * basis;
        }
      }
      const at = 4 * (x + y * width);
      pixels[at] = toSrgb(r); pixels[at + 1] = toSrgb(g); pixels[at + 2] = toSrgb(b); pixels[at + 3] = 255;
    }
  }
  return pixels;
}

/** A small canvas showing the BlurHash, stretched by CSS to its box. */
export function canvasOf(hash, width = 32, height = 32) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  const image = context.createImageData(width, height);
  image.data.set(decode(hash, width, height));
  context.putImageData(image, 0, 0);
  return canvas;
}
