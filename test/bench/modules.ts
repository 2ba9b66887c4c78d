// The list of benchmark modules `npm run bench` runs, in order.
import type { BenchModule } from "./types.js";

export const modules: BenchModule[] = [];
