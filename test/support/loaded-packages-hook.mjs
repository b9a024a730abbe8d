// Preloaded with `--import` into a capturebot process: appends the name of every npm package the process
// loads (import or require, through any loader) to the file LOADED_PACKAGES_FILE names, one a line.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import process from 'node:process';

const out = process.env.LOADED_PACKAGES_FILE;
if (!out) throw new Error('LOADED_PACKAGES_FILE is not set');
const seen = new Set();

registerHooks({
  load(url, context, nextLoad) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    const name = match?.[1];
    if (name && !seen.has(name)) {
      seen.add(name);
      appendFileSync(out, `${name}\n`);
    }
    return nextLoad(url, context);
  },
});
