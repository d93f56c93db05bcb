// Opens an align4j report.html in headless Chromium, as a person would, and checks what they would see: every
// <img> decoded (naturalWidth > 0), every <video> reached `loadeddata`, no script exception and no console error
// (a missing file is one: "Failed to load resource"). Optionally saves a full-page screenshot.
//
//   node tools/report-check/check.mjs runs/demo-.../report.html [--screenshot page.png]
//
// Talks to Chromium over --remote-debugging-pipe (the DevTools protocol on fds 3 and 4, messages ended by NUL), so
// it needs nothing but Node and a Chromium binary (Debian: apt-get install chromium; another one: CHROMIUM=path).
// Exit status: 0 all loaded, 1 something broken, 2 could not check.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const shotAt = args.indexOf('--screenshot');
const screenshot = shotAt >= 0 ? args.splice(shotAt, 2)[1] : null;
const report = args[0];
if (!report || !fs.existsSync(report)) {
  console.error(`report-check: no report at ${report ?? '(none given)'}; usage: check.mjs REPORT.html [--screenshot PNG]`);
  process.exit(2);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'report-check-'));
const chrome = spawn(process.env.CHROMIUM || 'chromium', ['--headless', '--remote-debugging-pipe', '--no-sandbox',
  '--disable-gpu', '--no-first-run', '--hide-scrollbars', '--window-size=1280,900', `--user-data-dir=${profile}`,
  'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
chrome.on('error', e => finish(2, `report-check: cannot start Chromium (${e.message}); set CHROMIUM=path`));
const timer = setTimeout(() => finish(2, 'report-check: Chromium did not answer in 60 s'), 60000);

let nextId = 1;
const pending = new Map();
const events = [];
let buffer = '';
chrome.stdio[4].on('data', chunk => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(msg.error.message)) : resolve(msg.result);
    } else if (msg.method) {
      events.push(msg);
      for (const w of waiters.filter(w => w.method === msg.method)) w.resolve(msg.params);
    }
  }
});
const waiters = [];
const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
  const id = nextId++;
  pending.set(id, { resolve, reject });
  chrome.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
});
const next = method => new Promise(resolve => waiters.push({ method, resolve }));

// Runs in the page: waits for every video to load its first frame (or fail, or 10 s), then lists what loaded.
const inPage = `(async () => {
  const videos = await Promise.all([...document.querySelectorAll('video')].map(v => v.readyState >= 2
    ? { src: v.currentSrc, ok: true }
    : new Promise(done => {
        v.addEventListener('loadeddata', () => done({ src: v.currentSrc, ok: true }));
        v.addEventListener('error', () => done({ src: v.currentSrc, ok: false }));
        setTimeout(() => done({ src: v.currentSrc, ok: false }), 10000);
      })));
  const images = [...document.images].map(i => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0,
    size: i.naturalWidth + 'x' + i.naturalHeight }));
  return JSON.stringify({ title: document.title, images, videos });
})()`;

try {
  const { product } = await send('Browser.getVersion');
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  for (const domain of ['Page', 'Runtime', 'Log']) await send(`${domain}.enable`, {}, sessionId);
  const loaded = next('Page.loadEventFired');
  await send('Page.navigate', { url: pathToFileURL(path.resolve(report)).href }, sessionId);
  await loaded;
  const { result } = await send('Runtime.evaluate', { expression: inPage, awaitPromise: true, returnByValue: true },
    sessionId);
  const page = JSON.parse(result.value);
  if (screenshot) {
    const { data } = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, sessionId);
    fs.writeFileSync(screenshot, Buffer.from(data, 'base64'));
  }
  const problems = [];
  for (const i of page.images) if (!i.ok) problems.push(`image did not load: ${i.src}`);
  for (const v of page.videos) if (!v.ok) problems.push(`video did not load: ${v.src}`);
  for (const e of events) {
    if (e.method === 'Runtime.exceptionThrown') problems.push(`script error: ${e.params.exceptionDetails.text}`);
    if (e.method === 'Log.entryAdded' && e.params.entry.level === 'error') {
      problems.push(`console: ${e.params.entry.text} ${e.params.entry.url ?? ''}`.trim());
    }
  }
  const what = `${page.images.length} images, ${page.videos.length} videos in "${page.title}" (${product})`;
  if (problems.length) finish(1, `report-check: BROKEN, ${what}\n  ${problems.join('\n  ')}`);
  else finish(0, `report-check: ok, ${what} all loaded, no errors${screenshot ? `; screenshot ${screenshot}` : ''}`);
} catch (e) {
  finish(2, `report-check: ${e.message}`);
}

function finish(code, line) {
  clearTimeout(timer);
  (code === 0 ? console.log : console.error)(line);
  const done = () => {
    try { fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 }); } catch { /* a temp folder left */ }
    process.exit(code);
  };
  if (chrome.exitCode !== null || chrome.pid === undefined) done();
  chrome.once('exit', done);
  chrome.kill();
}
