// The binder's storage on Node: the real file system.
import { readFileSync, readdirSync, statSync } from "node:fs";
import type { BinderFS } from "../binder/binder.js";

export const nodeBinderFS: BinderFS = {
  read(path) {
    try {
      if (!statSync(path).isFile()) return null;
      return new Uint8Array(readFileSync(path));
    } catch {
      return null;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};
