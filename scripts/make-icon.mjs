// Draws media/icon.png (128×128): a document with a send badge on a teal tile. Shapes are signed
// distance functions sampled 4×4 per pixel, so edges are anti-aliased; the PNG is written with zlib.
//   node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const out = join(fileURLToPath(new URL('..', import.meta.url)), 'media', 'icon.png');

const hex = (value) => [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
const mix = (a, b, t) => a.map((channel, i) => channel + (b[i] - channel) * t);

function roundRect(x, y, left, top, right, bottom, radius) {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
  const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segment(x, y, ax, ay, bx, by, radius) {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - radius;
}

const TILE_TOP = hex('#1B7F86');
const TILE_BOTTOM = hex('#0E3B43');
const PAPER = hex('#FFFFFF');
const FOLD = hex('#CFE0E2');
const LINE = hex('#B9CDD0');
const BADGE = hex('#F4A236');
const ARROW = hex('#FFFFFF');

// Document: 36..84 × 22..102 with its top-right corner folded down 18 px.
const DOC = { left: 34, top: 20, right: 84, bottom: 100, fold: 18 };
const BADGE_CENTRE = [88, 88];
const BADGE_RADIUS = 24;

/** Layers from the back: each is [signed distance at (x, y), colour]. */
function layers(x, y) {
  const tile = roundRect(x, y, 4, 4, 124, 124, 26);
  const paperBox = roundRect(x, y, DOC.left, DOC.top, DOC.right, DOC.bottom, 6);
  // The folded corner cuts the paper along the diagonal from (right - fold, top) to (right, top + fold).
  const cut = (x - (DOC.right - DOC.fold) - (y - DOC.top)) / Math.SQRT2;
  const paper = Math.max(paperBox, cut);
  const foldTriangle = Math.max(-cut, x - DOC.right, DOC.top - y, Math.max(DOC.right - DOC.fold - x, y - (DOC.top + DOC.fold)));
  const lines = Math.min(
    segment(x, y, 44, 44, 64, 44, 2.5),
    segment(x, y, 44, 56, 74, 56, 2.5),
    segment(x, y, 44, 68, 66, 68, 2.5),
    segment(x, y, 44, 80, 58, 80, 2.5),
  );
  const [bx, by] = BADGE_CENTRE;
  const ring = Math.hypot(x - bx, y - by) - (BADGE_RADIUS + 4);
  const badge = Math.hypot(x - bx, y - by) - BADGE_RADIUS;
  const arrow = Math.min(
    segment(x, y, bx, by + 11, bx, by - 10, 3.2),
    segment(x, y, bx - 10, by, bx, by - 11, 3.2),
    segment(x, y, bx + 10, by, bx, by - 11, 3.2),
  );
  const tileColour = mix(TILE_TOP, TILE_BOTTOM, Math.min(1, Math.max(0, (y - 4) / 120)));
  return [
    [tile, tileColour],
    [paper, PAPER],
    [foldTriangle, FOLD],
    [lines, LINE],
    [ring, tileColour], // a gap between the badge and the paper
    [badge, BADGE],
    [arrow, ARROW],
  ];
}

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py += 1) {
  for (let px = 0; px < SIZE; px += 1) {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy += 1) {
      for (let sx = 0; sx < SAMPLES; sx += 1) {
        const x = px + (sx + 0.5) / SAMPLES;
        const y = py + (sy + 0.5) / SAMPLES;
        let colour = [0, 0, 0];
        let alpha = 0;
        for (const [distance, layerColour] of layers(x, y)) {
          if (distance <= 0) {
            colour = layerColour;
            alpha = 1;
          }
        }
        // Everything is drawn inside the tile, so outside it stays transparent.
        r += colour[0] * alpha;
        g += colour[1] * alpha;
        b += colour[2] * alpha;
        a += alpha;
      }
    }
    const offset = (py * SIZE + px) * 4;
    // Straight (not premultiplied) alpha, as PNG expects.
    pixels[offset] = a ? Math.round(r / a) : 0;
    pixels[offset + 1] = a ? Math.round(g / a) : 0;
    pixels[offset + 2] = a ? Math.round(b / a) : 0;
    pixels[offset + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y += 1) pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4); // filter byte 0 per row
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
