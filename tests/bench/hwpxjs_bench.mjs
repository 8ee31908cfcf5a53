// CPU time per document of the npm peer @ssabrojs/hwpxjs (load + extractText), for comparison
// with hwpx_bench: `node hwpxjs_bench.mjs MODULE_DIR [--repeat N] FILE|DIR…`, where MODULE_DIR
// holds node_modules/@ssabrojs/hwpxjs. Prints one line per file (up to five files) and a summary.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [moduleDir, ...rest] = process.argv.slice(2);
let repeat = 1;
const files = [];
for (let i = 0; i < rest.length; ++i) {
  if (rest[i] === '--repeat') {
    repeat = Math.max(1, parseInt(rest[++i], 10) || 1);
  } else if (fs.statSync(rest[i]).isDirectory()) {
    for (const name of fs.readdirSync(rest[i]).sort())
      if (name.endsWith('.hwpx')) files.push(path.join(rest[i], name));
  } else {
    files.push(rest[i]);
  }
}
const entry = path.join(moduleDir, 'node_modules/@ssabrojs/hwpxjs/dist/index.js');
const hwpxjs = await import(pathToFileURL(entry).href);
const HwpxReader = hwpxjs.default ?? hwpxjs.HwpxReader;
const version = JSON.parse(
    fs.readFileSync(path.join(moduleDir, 'node_modules/@ssabrojs/hwpxjs/package.json'), 'utf8'))
                    .version;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
let total = 0;
let done = 0;
let failed = 0;
for (const file of files) {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  try {
    const start = cpuMs();
    for (let r = 0; r < repeat; ++r) {
      const reader = new HwpxReader();
      await reader.loadFromArrayBuffer(buffer);
      await reader.extractText();
    }
    const ms = (cpuMs() - start) / repeat;
    total += ms;
    ++done;
    if (files.length <= 5) console.log(`${path.basename(file)} ${ms.toFixed(3)} ms/document`);
  } catch {
    ++failed;
  }
}
console.log(`hwpxjs ${version}: documents=${done} failed=${failed}, ` +
            `${(total / Math.max(done, 1)).toFixed(3)} ms/document, ` +
            `${(done * 1000 / Math.max(total, 1e-9)).toFixed(1)} documents/s`);
