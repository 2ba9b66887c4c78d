/**
 * V8 settings of an ngen process: the CLI applies them before it loads the rest of the program
 * (they then hold for every function V8 optimises, in its thread and in the worker threads it
 * starts), and the native image service gets them on its command line.
 *
 * An install is one pass over a large amount of code, most of it run for a few seconds only:
 * V8's optimising compiler, which runs beside the program on the same two cores, was the
 * largest consumer of processor time after the installing thread itself. Inlining less makes
 * each optimised function cheaper to compile and to recompile after a deoptimisation. Measured
 * on `install mscorlib.dll /NoDependencies` (two cores, interleaved runs): processor time of
 * the whole process 5.6 s → 4.8 s, wall time 3.36 s → 2.91 s (medians of five), the image
 * byte-identical.
 */
import { setFlagsFromString } from "node:v8";

export const NGEN_V8_FLAGS: readonly string[] = ["--max-inlined-bytecode-size-cumulative=100"];

export function applyV8Flags(): void {
  for (const f of NGEN_V8_FLAGS) setFlagsFromString(f);
}
