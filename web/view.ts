/**
 * DOM builders for the playground. Each view turns plain data from the worker into one panel;
 * main.ts only decides which panels to show. A new view (a disassembly, say) is one more
 * function in `summaryViews`.
 *
 * Every value a test or a user may want to pick out carries a stable `data-testid`; the labels
 * around them are free to change.
 */
import type { MetadataSummary } from "../host/api.js";

type Child = Node | string;

/** Creates an element; `attrs` become attributes (so `data-testid` works as written). */
export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function panel(title: string, testid: string, ...body: Child[]): HTMLElement {
  return el("section", { class: "panel", "data-testid": testid }, el("h2", {}, title), ...body);
}

const numberFormat = new Intl.NumberFormat("en-US");

// ---- identity ------------------------------------------------------------------------------

function identityView(s: MetadataSummary): HTMLElement {
  const rows: [string, string, string][] = [
    ["Display name", "display-name", s.displayName],
    ["File", "file-name", s.file],
    ["MVID", "mvid", s.mvid ?? "(none)"],
    ["Runtime version", "runtime-version", s.runtimeVersion],
    ["PE kind", "pe-kind", `${s.pe} ${s.kind}${s.strongNameSigned ? ", strong-name signed" : ""}`],
  ];
  const dl = el("dl", { class: "fields" });
  for (const [label, testid, value] of rows) dl.append(el("dt", {}, label), el("dd", { "data-testid": testid }, value));
  return panel("Identity", "identity", dl);
}

// ---- references ----------------------------------------------------------------------------

function referencesView(s: MetadataSummary): HTMLElement {
  const list = el("ol", { class: "references", "data-testid": "references" });
  for (const name of s.references) list.append(el("li", { "data-testid": "reference" }, name));
  // An empty list is normal (mscorlib references nothing); say so rather than show a blank box.
  const body = s.references.length ? list : el("p", { class: "muted", "data-testid": "no-references" }, "None: this assembly references no other assembly.");
  return panel(`References (${s.references.length})`, "references-panel", body);
}

// ---- counts --------------------------------------------------------------------------------

type CountKey = keyof MetadataSummary["counts"];

/** Labels and their order; a key the reader adds later still shows, under its own name. */
const countLabels: Record<CountKey, string> = {
  typeDefs: "Type definitions",
  typeRefs: "Type references",
  methods: "Methods",
  fields: "Fields",
  methodBodies: "Method bodies",
  ilBytes: "IL bytes",
  memberRefs: "Member references",
  customAttributes: "Custom attributes",
  resources: "Resources",
};

function countsView(s: MetadataSummary): HTMLElement {
  const counts = s.counts as Record<string, number>;
  const keys = [...Object.keys(countLabels).filter((k) => k in counts), ...Object.keys(counts).filter((k) => !(k in countLabels))];
  const dl = el("dl", { class: "counts" });
  for (const key of keys) {
    const label = (countLabels as Record<string, string>)[key] ?? key;
    dl.append(el("div", { class: "count" }, el("dt", {}, label), el("dd", { "data-testid": `count-${key}` }, numberFormat.format(counts[key]!))));
  }
  return panel("Counts", "counts", dl);
}

export const summaryViews: ((s: MetadataSummary) => HTMLElement)[] = [identityView, referencesView, countsView];

// ---- errors --------------------------------------------------------------------------------

/** One line naming the file and the problem; never a blank page. */
export function errorView(line: string): HTMLElement {
  return el("p", { class: "error", role: "alert", "data-testid": "error" }, line);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
