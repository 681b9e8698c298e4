// Ace by DAISY kept warm for the tests: one Node process and one headless Chromium check every
// EPUB of a test process. Each line on stdin is an EPUB's path and a folder, separated by a
// tab; Ace writes its report.json into the folder, and this answers with a line, "done" or
// "error: " and what went wrong, then a line holding only END (as tests/warm.py expects). The
// `ace` command starts Node, loads Ace and launches Chromium for each EPUB, which takes longer
// than checking one of studyguide's EPUBs.
'use strict';

const path = require('path');
const readline = require('readline');

const modules = process.argv[2]; // the node_modules folder Ace is installed in
const ace = require(path.join(modules, '@daisy', 'ace-core'));
const runner = require(path.join(modules, '@daisy', 'ace-axe-runner-puppeteer'));
const logger = require(path.join(modules, '@daisy', 'ace-logger'));

logger.initLogger({ verbose: false, silent: true });

// Ace launches and closes its browser around every EPUB; this one launches it once.
let launched = null;
const warm = {
  ...runner,
  launch: () => (launched = launched || runner.launch()),
  close: async () => {},
};

async function main() {
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    const [epub, outdir] = line.split('\t');
    try {
      await ace(epub, { cwd: process.cwd(), outdir, silent: true, jobId: '' }, warm);
      process.stdout.write('done\nEND\n');
    } catch (error) {
      const message = String((error && error.message) || error).replace(/\s+/g, ' ');
      process.stdout.write(`error: ${message}\nEND\n`);
    }
  }
  if (launched) {
    await launched;
    await runner.close();
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
