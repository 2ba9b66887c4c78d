#!/usr/bin/env node
// The `ngen` command: a thin shell over the compiled CLI in dist/ (built by `npm install`).
// V8's settings are applied before the program is loaded (see host/node/v8-flags.ts).
import { applyV8Flags } from "../dist/host/node/v8-flags.js";
applyV8Flags();
const { main } = await import("../dist/host/cli/main.js");
main(process.argv.slice(2)).then((code) => {
  // The process ends once its output is flushed, without tearing its heap down (after an
  // install that takes about a tenth of a second).
  let streams = 2;
  const flushed = () => {
    if (--streams === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
});
