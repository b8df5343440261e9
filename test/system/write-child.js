// The writer of the kill test: writes a synthesized `{path: content}` map (a JSON file) into an
// output directory with topograph's own writeFiles — what `topograph synth` does once it has
// synthesized — so the test can kill -9 it many times without paying for synthesis each time.
// Usage: node write-child.js <files.json> <outdir>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { writeFiles } = require(path.join(__dirname, '..', '..', 'lib', 'src', 'write.js'));

const [filesJson, outdir] = process.argv.slice(2);
const files = JSON.parse(fs.readFileSync(filesJson, 'utf8'));
writeFiles(outdir, files, { command: 'kill-test writer' });
