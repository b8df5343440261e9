// Preloaded into the CLI by a test (node --require) to simulate a failure in the middle of a
// synth: the new output is complete in its staging directory, then the swap fails.
const fs = require('node:fs');
const rename = fs.renameSync;
fs.renameSync = function (from, to) {
  if (String(from).includes('.topograph-') && !String(from).endsWith('.old')) throw new Error('simulated crash during swap');
  return rename.call(this, from, to);
};
