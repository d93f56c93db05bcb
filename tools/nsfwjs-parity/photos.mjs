// Makes the committed test photographs: takes four of the scikit-image sample photos shipped by Debian's
// python3-skimage package (0.19.3-8; unpack it with `apt-get download python3-skimage && dpkg -x ...`), halves
// each with a 2x2 box mean (integer pixels, rounded half up; an odd last row or column is dropped) and writes
// them as 8-bit RGB PNG. The result is committed, so how it was downscaled only matters for reproducing it.
//
//   node photos.mjs <.../dist-packages/skimage/data> <out dir>
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import {PNG} from 'pngjs';

const PHOTOS = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'];

function decode(file) {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.jpg')) {
    const img = jpeg.decode(bytes, {useTArray: true, formatAsRGBA: true});
    return {width: img.width, height: img.height, rgba: img.data};
  }
  const png = PNG.sync.read(bytes);
  return {width: png.width, height: png.height, rgba: png.data};
}

const [dataDir, outDir] = process.argv.slice(2);
if (!dataDir || !outDir) throw new Error('usage: node photos.mjs <skimage data dir> <out dir>');
fs.mkdirSync(outDir, {recursive: true});
for (const name of PHOTOS) {
  const src = decode(path.join(dataDir, name));
  const w = Math.floor(src.width / 2);
  const h = Math.floor(src.height / 2);
  const out = new PNG({width: w, height: h, colorType: 2, inputColorType: 6});
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
          s += src.rgba[((2 * y + dy) * src.width + 2 * x + dx) * 4 + c];
        }
        out.data[(y * w + x) * 4 + c] = Math.floor((s + 2) / 4);
      }
      out.data[(y * w + x) * 4 + 3] = 255;
    }
  }
  const target = path.join(outDir, name.replace(/\.jpg$/, '.png'));
  fs.writeFileSync(target, PNG.sync.write(out, {colorType: 2}));
  console.log(`${target}: ${src.width}x${src.height} -> ${w}x${h}`);
}
