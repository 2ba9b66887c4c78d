#!/usr/bin/env node
// The `ngen` command: a thin shell over the compiled CLI in dist/ (built by `npm install`).
import { main } from "../dist/host/cli/main.js";
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
