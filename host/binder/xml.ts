/**
 * A small, strict XML parser for configuration files (app.config, publisher policy): elements,
 * attributes, text, comments, CDATA, processing instructions, a DOCTYPE without an internal
 * subset, and the predefined and numeric character references. Namespaces are kept as plain
 * attribute names; callers match on local names.
 *
 * Invariants: runs in linear time over the input, never recurses (an explicit stack), and
 * reports the first error with its line and column.
 */

export interface XmlElement {
  name: string;
  /** Local name (after any prefix). */
  local: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

export class XmlError extends Error {
  override readonly name = "XmlError";
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly problem: string) {
    super(`${file}(${line},${column}): ${problem}`);
  }
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;

export function parseXml(text: string, file: string): XmlElement {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  const n = text.length;
  const fail = (problem: string, at = i): never => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < n; k++) {
      if (text[k] === "\n") {
        line++;
        col = 1;
      } else col++;
    }
    throw new XmlError(file, line, col, problem);
  };
  const lineAt = (at: number) => {
    let line = 1;
    for (let k = 0; k < at; k++) if (text.charCodeAt(k) === 10) line++;
    return line;
  };
  const skipSpace = () => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  const readName = (): string => {
    const start = i;
    if (i >= n || !NAME_START.test(text[i]!)) fail("expected a name");
    i++;
    while (i < n && NAME_CHAR.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const decode = (s: string, at: number): string =>
    s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (m, ref: string | undefined) => {
      if (!ref) return fail("'&' must start a character reference (&amp;)", at);
      if (ref[0] === "#") {
        const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!(code > 0 && code <= 0x10ffff)) return fail(`invalid character reference ${m}`, at);
        return String.fromCodePoint(code);
      }
      const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
      const v = named[ref];
      if (v === undefined) return fail(`unknown entity ${m}`, at);
      return v;
    });
  const skipUntil = (end: string, what: string) => {
    const k = text.indexOf(end, i);
    if (k < 0) fail(`unterminated ${what}`);
    i = k + end.length;
  };

  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  while (i < n) {
    if (text[i] !== "<") {
      const k = text.indexOf("<", i);
      const end = k < 0 ? n : k;
      const raw = text.slice(i, end);
      if (stack.length) stack[stack.length - 1]!.text += decode(raw, i);
      else if (raw.trim()) fail("text outside the root element");
      i = end;
      continue;
    }
    if (text.startsWith("<!--", i)) {
      skipUntil("-->", "comment");
    } else if (text.startsWith("<![CDATA[", i)) {
      if (!stack.length) fail("CDATA outside the root element");
      const k = text.indexOf("]]>", i);
      if (k < 0) fail("unterminated CDATA section");
      stack[stack.length - 1]!.text += text.slice(i + 9, k);
      i = k + 3;
    } else if (text.startsWith("<?", i)) {
      skipUntil("?>", "processing instruction");
    } else if (text.startsWith("<!DOCTYPE", i)) {
      if (root || stack.length) fail("DOCTYPE after the root element started");
      const k = text.indexOf(">", i);
      if (k < 0) fail("unterminated DOCTYPE");
      if (text.slice(i, k).includes("[")) fail("DOCTYPE internal subsets are not supported");
      i = k + 1;
    } else if (text.startsWith("</", i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (text[i] !== ">") fail("expected '>'");
      i++;
      const top = stack.pop();
      if (!top) fail(`closing tag </${name}> without an open element`);
      if (top!.name !== name) fail(`closing tag </${name}> does not match <${top!.name}> opened on line ${top!.line}`);
    } else {
      const at = i;
      i++;
      const name = readName();
      const el: XmlElement = { name, local: name.slice(name.indexOf(":") + 1), attrs: new Map(), children: [], text: "", line: lineAt(at) };
      for (;;) {
        skipSpace();
        if (i >= n) fail(`unterminated start tag <${name}>`);
        if (text[i] === ">" || text.startsWith("/>", i)) break;
        const an = readName();
        skipSpace();
        if (text[i] !== "=") fail(`attribute ${an} needs a value`);
        i++;
        skipSpace();
        const q = text[i];
        if (q !== '"' && q !== "'") fail(`attribute ${an}'s value must be quoted`);
        const k = text.indexOf(q!, i + 1);
        if (k < 0) fail(`unterminated value of attribute ${an}`);
        const raw = text.slice(i + 1, k);
        if (raw.includes("<")) fail(`'<' in the value of attribute ${an}`);
        if (el.attrs.has(an)) fail(`attribute ${an} given twice`);
        el.attrs.set(an, decode(raw, i + 1));
        i = k + 1;
      }
      const selfClosing = text[i] === "/";
      i += selfClosing ? 2 : 1;
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) fail("a second root element");
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.name}> opened on line ${stack[stack.length - 1]!.line} is never closed`);
  if (!root) fail("no root element");
  return root!;
}
