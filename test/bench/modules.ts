// The list of benchmark modules `npm run bench` runs, in order.
import type { BenchModule } from "./types.js";
import { metadataBench } from "./metadata.js";
import { encoderBench } from "./encoder.js";
import { ilBench } from "./il.js";
import { regallocBench } from "./regalloc.js";
import { backendBench } from "./backend.js";
import { installBench } from "./install.js";
import { programsBench } from "./programs.js";

export const modules: BenchModule[] = [metadataBench, ilBench, encoderBench, backendBench, regallocBench, installBench, programsBench];
