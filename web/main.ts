/**
 * The playground page: picks a file (input or drag-and-drop), hands its bytes to the worker,
 * and shows what comes back. All parsing happens in the worker through the public API; this
 * file only moves bytes and builds DOM.
 *
 * The root element's `data-state` (idle / busy / done / error) and `data-file` tell a watcher
 * (a person with devtools, or the end-to-end test) which file the panels currently describe.
 */
import * as Comlink from "comlink";
import type { MetadataSummary, Outcome } from "../host/api.js";
import type { PlaygroundApi } from "./worker.js";
import { errorView, formatBytes, summaryViews } from "./view.js";

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no #${id}`);
  return node as T;
}

const app = byId<HTMLElement>("app");
const input = byId<HTMLInputElement>("file");
const drop = byId<HTMLElement>("drop");
const status = byId<HTMLElement>("status");
const views = byId<HTMLElement>("views");

// Vite recognises this exact `new Worker(new URL(...))` form and bundles the worker separately.
const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const reader = Comlink.wrap<PlaygroundApi>(worker);

// A worker that fails to load never answers, so a pending read would wait forever: show it.
// The event is left to reach the console as well, where it says more than one line can.
worker.addEventListener("error", (e) => {
  showError(app.dataset.file ?? "", `the reader failed to start${e.message ? `: ${e.message}` : ""}`);
});

/** Bumped on every pick, so a slow answer for an older file never overwrites a newer one. */
let generation = 0;

function setState(state: "idle" | "busy" | "done" | "error", file: string): void {
  app.dataset.state = state;
  app.dataset.file = file;
}

function showError(file: string, line: string): void {
  setState("error", file);
  status.textContent = "";
  views.replaceChildren(errorView(line));
}

function showSummary(summary: MetadataSummary, size: number, ms: number): void {
  setState("done", summary.file);
  status.textContent = `${summary.file}: ${formatBytes(size)} read in ${ms.toFixed(0)} ms`;
  views.replaceChildren(...summaryViews.map((view) => view(summary)));
}

/** The error line: a BadImageError's message already names the file (and the offset). */
function errorLine(file: string, error: Extract<Outcome<unknown>, { ok: false }>["error"]): string {
  return error.file !== undefined ? error.message : `${file}: ${error.name}: ${error.message}`;
}

async function open(file: File): Promise<void> {
  const mine = ++generation;
  setState("busy", file.name);
  status.textContent = `Reading ${file.name} (${formatBytes(file.size)})…`;
  views.replaceChildren();
  try {
    const bytes = await file.arrayBuffer();
    const started = performance.now();
    const result = await reader.inspect(Comlink.transfer(bytes, [bytes]), file.name);
    if (mine !== generation) return;
    if (result.ok) showSummary(result.value, file.size, performance.now() - started);
    else showError(file.name, errorLine(file.name, result.error));
  } catch (e) {
    // Reading the file or the worker call itself failed (not a bad image: that comes back as data).
    if (mine !== generation) return;
    showError(file.name, `${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

input.addEventListener("change", () => {
  const file = input.files?.[0];
  if (file) void open(file);
  // Clearing lets the same file be picked again (after a rebuild, say) and still fire "change".
  input.value = "";
});

// The whole page is a drop target: aiming at a small box is needless friction.
// Enter and leave also fire when moving between the page's own elements; counting them tells
// a real exit from the window apart from a move onto a child.
let dragDepth = 0;
document.addEventListener("dragenter", () => {
  dragDepth++;
  drop.classList.add("dragging");
});
document.addEventListener("dragleave", () => {
  if (--dragDepth <= 0) {
    dragDepth = 0;
    drop.classList.remove("dragging");
  }
});
// Without preventDefault on dragover the browser refuses the drop and opens the file instead.
document.addEventListener("dragover", (e) => {
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
});
document.addEventListener("drop", (e) => {
  e.preventDefault();
  dragDepth = 0;
  drop.classList.remove("dragging");
  const file = e.dataTransfer?.files[0];
  if (file) void open(file);
});
