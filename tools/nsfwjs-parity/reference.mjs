// Reference outputs of TensorFlow.js 4.22 (tfjs-core + tfjs-layers + the pure-JavaScript CPU backend) for the
// Java TFJS-layers-to-ONNX converter (rewards module, dev.align4j.rewards.tfjs), written to
// rewards/src/test/resources/tfjs/tfjs-reference.json and committed; the Java tests compare the converted ONNX
// graphs with it. Nothing here runs in the build.
//
//   npm ci && node reference.mjs        (from tools/nsfwjs-parity)
//
// 1. nsfwjs 4.4.0's MobileNetV2, loaded the way nsfwjs loads it: the browserify modules under
//    node_modules/nsfwjs/dist/models/mobilenet_v2/ give the Keras topology, the weights manifest and the base64
//    weight bytes, handed to tf.loadLayersModel (TFJS dequantises the uint8 weights itself).
//    - a synthetic input, x[i] = (i * 7919 % 1000) / 1000 over [1, 224, 224, 3] NHWC, fed as it is;
//    - the committed photographs (rewards/src/test/resources/photos/*.png, decoded with pngjs) preprocessed
//      exactly as nsfwjs's NSFWJS.infer() does (dist/cjs/core.js): x / 255 in float32, then
//      tf.image.resizeBilinear(x, [224, 224], alignCorners = true) unless already 224 x 224.
// 2. The hand-written tiny Keras models (rewards/src/test/resources/tfjs/tiny/*.json) with weights made by
//    tinyWeights() below (the Java test makes the same bytes), on the synthetic input with batch 2.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {PNG} from 'pngjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const resources = path.join(repo, 'rewards/src/test/resources');
// the package's "exports" hide its files: resolve its main entry (dist/cjs/index.js) and go up from there
const nsfwjsDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('nsfwjs')), '../..');

/** module.exports of a browserify UMD bundle, evaluated in a sandbox. */
function bundleExports(file) {
  const sandbox = {module: {exports: {}}, exports: {}};
  sandbox.exports = sandbox.module.exports;
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox, {filename: file});
  // objects made in the sandbox belong to another realm (instanceof Array fails there): copy them out
  return JSON.parse(JSON.stringify(sandbox.module.exports));
}

function handler(modelTopology, weightSpecs, weightData) {
  return {load: async () => ({modelTopology, weightSpecs, weightData})};
}

function synthetic(shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (i * 7919 % 1000) / 1000;
  return tf.tensor(v, shape, 'float32');
}

function values(t) {
  return Array.from(t.dataSync());
}

/** The tiny models' weight bytes: element k of weight j is q = (37 k + 11 j + 5) mod 251 (uint8) or q / 250 - 0.5. */
function tinyWeights(specs) {
  const chunks = [];
  specs.forEach((spec, j) => {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const q = (k) => (37 * k + 11 * j + 5) % 251;
    if (spec.quantization) {
      if (spec.quantization.dtype !== 'uint8') throw new Error(spec.name + ': only uint8 here');
      const b = new Uint8Array(n);
      for (let k = 0; k < n; k++) b[k] = q(k);
      chunks.push(b);
    } else {
      const f = new Float32Array(n);
      for (let k = 0; k < n; k++) f[k] = q(k) / 250 - 0.5;
      chunks.push(new Uint8Array(f.buffer));
    }
  });
  const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  return all.buffer;
}

async function main() {
  await tf.setBackend('cpu');
  const out = {
    about: 'Written by tools/nsfwjs-parity/reference.mjs; see that file. Do not edit by hand.',
    runtime: {
      'tfjs-core': tf.version_core,
      'tfjs-layers': tfl.version_layers,
      backend: tf.getBackend(),
      node: process.version,
      nsfwjs: JSON.parse(fs.readFileSync(path.join(nsfwjsDir, 'package.json'), 'utf8')).version,
    },
  };

  // 1. nsfwjs MobileNetV2
  const modelDir = path.join(nsfwjsDir, 'dist/models/mobilenet_v2');
  const modelJson = bundleExports(path.join(modelDir, 'model.min.js'));
  const specs = [];
  const buffers = [];
  for (const group of modelJson.weightsManifest) {
    for (const p of group.paths) {
      buffers.push(Buffer.from(bundleExports(path.join(modelDir, p + '.min.js')), 'base64'));
    }
    specs.push(...group.weights);
  }
  const weightBytes = Buffer.concat(buffers);
  const model = await tfl.loadLayersModel(handler(modelJson.modelTopology, specs,
      weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.length)));
  const classes = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']; // nsfwjs dist/cjs/nsfw_classes.js
  const mobilenet = {
    model: 'nsfwjs ' + out.runtime.nsfwjs + ' dist/models/mobilenet_v2',
    weight_bytes: weightBytes.length,
    classes,
    synthetic: {
      input: 'x[i] = (i * 7919 % 1000) / 1000 over [1, 224, 224, 3] (NHWC), i in row-major order',
      probabilities: values(model.predict(synthetic([1, 224, 224, 3]))),
    },
    photos: [],
  };
  const photoDir = path.join(resources, 'photos');
  for (const name of fs.readdirSync(photoDir).filter((f) => f.endsWith('.png')).sort()) {
    const png = PNG.sync.read(fs.readFileSync(path.join(photoDir, name)));
    const rgb = new Int32Array(png.width * png.height * 3);
    for (let i = 0; i < png.width * png.height; i++) {
      for (let c = 0; c < 3; c++) rgb[3 * i + c] = png.data[4 * i + c];
    }
    const img = tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
    // NSFWJS.infer(): normalise, then resize (alignCorners) when not already size x size
    // (img.toFloat().div(255) there: the chained forms are not registered by tfjs-core alone)
    const normalized = tf.div(tf.cast(img, 'float32'), tf.scalar(255));
    const resized = (png.height !== 224 || png.width !== 224)
        ? tf.image.resizeBilinear(normalized, [224, 224], true) : normalized;
    const r = values(resized);
    const p = values(model.predict(tf.reshape(resized, [1, 224, 224, 3])));
    mobilenet.photos.push({
      file: name,
      width: png.width,
      height: png.height,
      resized_sum: r.reduce((a, b) => a + b, 0),
      resized_head: r.slice(0, 12),
      resized_every_997th: r.filter((_, i) => i % 997 === 0),
      probabilities: p,
      top: classes[p.indexOf(Math.max(...p))],
    });
  }
  out.mobilenet_v2 = mobilenet;

  // 2. tiny models
  out.tiny = {};
  const tinyDir = path.join(resources, 'tfjs/tiny');
  for (const name of fs.readdirSync(tinyDir).filter((f) => f.endsWith('.json')).sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(tinyDir, name), 'utf8'));
    const weights = json.weightsManifest.flatMap((g) => g.weights);
    const tiny = await tfl.loadLayersModel(handler(json.modelTopology, weights, tinyWeights(weights)));
    const inShape = json.modelTopology.model_config.config.layers[0].config.batch_input_shape;
    const y = tiny.predict(synthetic([2, ...inShape.slice(1)]));
    out.tiny[name.replace(/\.json$/, '')] = {shape: y.shape, output: values(y)};
  }

  const target = path.join(resources, 'tfjs/tfjs-reference.json');
  fs.writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
  console.log('wrote ' + path.relative(repo, target));
  console.log('synthetic ' + mobilenet.synthetic.probabilities.map((v) => v.toFixed(6)).join(' '));
  for (const p of mobilenet.photos) {
    console.log(p.file.padEnd(14) + p.probabilities.map((v, i) => classes[i] + ' ' + v.toFixed(4)).join('  '));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
