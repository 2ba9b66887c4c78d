/**
 * End-to-end test of the browser playground: the built page (web/dist), served over HTTP,
 * opened in a real Chromium, must show for a real assembly exactly what the Node reader
 * reports, and must show an error line (never a blank page) for a corrupt one.
 *
 * This is the check that the reader really runs unchanged in a browser worker: the bundle
 * must load with no Node API, the worker must start, and the bytes must cross to it and the
 * summary back.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inspectAssembly, outcome } from "../../host/api.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dist = path.join(root, "web", "dist");
const MSCORLIB = "/usr/lib/mono/4.5/mscorlib.dll";
// mscorlib references nothing, so it cannot catch a broken reference list; these two can.
const SYSTEM = "/usr/lib/mono/4.5/System.dll";
const I18N = "/usr/lib/mono/4.5/I18N.dll";

// ---- building ------------------------------------------------------------------------------

function newestMtime(dir: string, skip: (p: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, skip) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds web/dist when it is missing or older than its sources. Testing a stale bundle would
 * pass or fail on yesterday's code, which is worse than the second it takes to rebuild.
 */
async function ensureBuilt(): Promise<void> {
  const index = path.join(dist, "index.html");
  let built = 0;
  try {
    built = statSync(index).mtimeMs;
  } catch {
    // Missing: built stays 0 and the build runs.
  }
  const sources = Math.max(
    newestMtime(path.join(root, "web"), (p) => p === dist),
    newestMtime(path.join(root, "host"), () => false),
  );
  if (built >= sources) return;
  await promisify(execFile)("npm", ["run", "build:web"], { cwd: root });
  expect(statSync(index).isFile()).toBe(true);
}

// ---- serving -------------------------------------------------------------------------------

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/** A static server for web/dist; module scripts and workers refuse to load with a wrong MIME type. */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const file = path.resolve(dir, "." + (pathname.endsWith("/") ? pathname + "index.html" : pathname));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
        res.end(body);
      },
      () => res.writeHead(404, { "content-type": "text/plain" }).end("not found"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // Port 0: the system picks a free port, so parallel runs never collide.
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));
  });
}

// ---- the page ------------------------------------------------------------------------------

let server: Server;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let tmp: string;
/** Console errors and uncaught exceptions from the page and its worker; any one fails the test. */
let pageErrors: string[] = [];

beforeAll(async () => {
  await ensureBuilt();
  ({ server, url } = await serve(dist));
  tmp = mkdtempSync(path.join(tmpdir(), "ngen-playground-"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  context = await browser.newContext();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  pageErrors = [];
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => pageErrors.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => pageErrors.push(`request failed: ${r.url()}: ${r.failure()?.errorText}`));
  await page.goto(url);
  await page.locator('#app[data-state="idle"]').waitFor();
});

afterEach(async () => {
  await page.close();
  expect(pageErrors, "the page logged errors").toEqual([]);
});

/** With NGEN_PLAYGROUND_SCREENSHOTS=<dir>, saves what the page looks like, for a human to judge. */
async function screenshot(name: string): Promise<void> {
  const dir = process.env.NGEN_PLAYGROUND_SCREENSHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, `playground-${name}.png`), fullPage: true });
}

/** Waits until the page shows the result for `name` (a summary or an error). */
async function waitForResult(name: string, state: "done" | "error"): Promise<void> {
  await page.locator(`#app[data-file="${name}"][data-state="${state}"]`).waitFor({ timeout: 15_000 });
}

const text = async (testid: string): Promise<string> => ((await page.getByTestId(testid).textContent()) ?? "").trim();

/** Compares everything the page shows for `name` with what the Node reader says about `bytes`. */
async function expectSummaryShown(bytes: Uint8Array, name: string): Promise<void> {
  const expected = inspectAssembly(bytes, name);
  await waitForResult(name, "done");

  expect(await text("display-name")).toBe(expected.displayName);
  expect(await text("file-name")).toBe(name);
  expect(await text("mvid")).toBe(expected.mvid);
  expect(await text("runtime-version")).toBe(expected.runtimeVersion);
  expect(await text("pe-kind")).toContain(`${expected.pe} ${expected.kind}`);

  // Every count and nothing else: a key the page forgot, or one it made up, both fail.
  const shown = await page.locator('[data-testid^="count-"]').evaluateAll((nodes) =>
    Object.fromEntries(nodes.map((n) => [n.getAttribute("data-testid")!.slice("count-".length), n.textContent!.replace(/,/g, "").trim()])),
  );
  const want = Object.fromEntries(Object.entries(expected.counts).map(([k, v]) => [k, String(v)]));
  expect(shown).toEqual(want);

  expect(await page.getByTestId("reference").allTextContents()).toEqual(expected.references);
  expect(await page.getByTestId("no-references").count()).toBe(expected.references.length ? 0 : 1);
  expect(await page.getByTestId("error").count()).toBe(0);
}

describe("browser playground", () => {
  it("shows mscorlib's identity, references and counts exactly as the Node reader reads them", async () => {
    const bytes = new Uint8Array(readFileSync(MSCORLIB));
    await page.getByTestId("file-input").setInputFiles(MSCORLIB);
    await expectSummaryShown(bytes, "mscorlib.dll");
    // Sanity on the oracle itself, so the comparison above cannot pass on two empty summaries.
    expect(inspectAssembly(bytes, "mscorlib.dll").counts.typeDefs).toBeGreaterThan(1000);
    await screenshot("summary");

    // A second pick replaces the first: the panels must describe the new file only.
    await page.getByTestId("file-input").setInputFiles(SYSTEM);
    const system = new Uint8Array(readFileSync(SYSTEM));
    expect(inspectAssembly(system, "System.dll").references.length).toBeGreaterThan(0);
    await expectSummaryShown(system, "System.dll");
  });

  it("reads a file dropped onto the page", async () => {
    const bytes = new Uint8Array(readFileSync(I18N));
    // A real drag from the desktop cannot be scripted; a drop event carrying a File is what the page sees.
    const dataTransfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], "I18N.dll"));
      return dt;
    }, [...bytes]);
    await page.dispatchEvent("body", "drop", { dataTransfer });
    await expectSummaryShown(bytes, "I18N.dll");
  });

  it("shows an error line naming the file and the problem for a corrupt assembly", async () => {
    // A real header (so the reader gets past the DOS and PE signatures) followed by garbage.
    const real = readFileSync(MSCORLIB);
    const bytes = new Uint8Array(8192);
    bytes.set(real.subarray(0, 4096));
    let seed = 0x2545f491;
    for (let i = 4096; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    const name = "corrupt-header.dll";
    const file = path.join(tmp, name);
    writeFileSync(file, bytes);

    const expected = outcome(() => inspectAssembly(bytes, name));
    if (expected.ok) throw new Error("the Node reader accepted the corrupt file; the test input needs to be more broken");
    expect(expected.error.name).toBe("BadImageError");

    // Show a good file first: the error must replace it, not sit below stale counts.
    await page.getByTestId("file-input").setInputFiles(I18N);
    await waitForResult("I18N.dll", "done");
    await page.getByTestId("file-input").setInputFiles(file);
    await waitForResult(name, "error");

    await screenshot("error");
    const line = await text("error");
    expect(line).toContain(name);
    expect(line).toBe(expected.error.message);
    expect(await page.getByTestId("error").isVisible()).toBe(true);
    expect(await page.locator('[data-testid^="count-"]').count()).toBe(0);
    expect(await page.getByTestId("display-name").count()).toBe(0);
  });
});
