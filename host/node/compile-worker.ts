/**
 * A compile worker thread (see compile-pool.ts): its own Wasm core and type system, running the
 * compile jobs it is sent with ImageCompiler, exactly as the installing thread would.
 *
 * Messages in: { id, spec, jobs }. Out: { id, results } (code buffers transferred), or
 * { id, error: { name, message, stack } } when a job failed in a way that is not a method's
 * exclusion (those are results).
 */
import { parentPort } from "node:worker_threads";
import { Binder } from "../binder/binder.js";
import { BackendCore, inThreadBatches } from "../codegen/backend.js";
import { loadCoreNode } from "../core/load-core-node.js";
import { CompileJob, ImageCompiler, ImageSpec, JobResult } from "../install/compile-image.js";
import { TypeSystem } from "../typesystem/typesystem.js";
import { nodeBinderFS } from "./node-fs.js";
import { errorReply } from "./worker-channel.js";

const batches = inThreadBatches(loadCoreNode() as BackendCore);
const binder = new Binder(nodeBinderFS);
// One type system per binding context (an install's images share theirs), one compiler per image.
let system: { key: string; ts: TypeSystem } | null = null;
let compiler: { key: string; c: ImageCompiler } | null = null;

function compilerFor(spec: ImageSpec): ImageCompiler {
  const bindKey = JSON.stringify(spec.bindContext);
  if (system?.key !== bindKey) {
    system = { key: bindKey, ts: new TypeSystem(binder, spec.bindContext) };
    compiler = null;
  }
  const key = JSON.stringify(spec);
  if (compiler?.key !== key) {
    const ts = system.ts;
    compiler = { key, c: new ImageCompiler(batches, ts, ts.load(spec.modulePath), spec) };
  }
  return compiler.c;
}

parentPort!.on("message", async (msg: { id: number; spec: ImageSpec; jobs: CompileJob[] }) => {
  try {
    const c = compilerFor(msg.spec);
    const results: JobResult[] = await Promise.all(msg.jobs.map((j) => c.run(j)));
    const buffers: ArrayBuffer[] = [];
    for (const r of results) {
      for (const m of r.methods) {
        if (m.code) buffers.push(m.code.buffer as ArrayBuffer);
        if (m.relocs) buffers.push(m.relocs.buffer as ArrayBuffer);
      }
    }
    parentPort!.postMessage({ id: msg.id, results }, [...new Set(buffers)]);
  } catch (e) {
    parentPort!.postMessage(errorReply(msg.id, e));
  }
});
