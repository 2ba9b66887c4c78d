/**
 * A backend thread (see backend-thread.ts): its own Wasm core, compiling the IR batches the
 * importing thread sends while that thread imports the next ones.
 *
 * Messages in: { id, batch, count, posMap }. Out: { id, outcomes } (code and relocation
 * buffers transferred), or { id, error: { name, message, stack } }.
 */
import { parentPort } from "node:worker_threads";
import { BackendCore, compileOutcomes } from "../codegen/backend.js";
import { loadCoreNode } from "../core/load-core-node.js";
import { errorReply } from "./worker-channel.js";

const core = loadCoreNode() as BackendCore;

parentPort!.on("message", (msg: { id: number; batch: Int32Array; count: number; posMap: boolean }) => {
  try {
    const outcomes = compileOutcomes(core, msg.batch, msg.count, msg.posMap);
    const buffers: ArrayBuffer[] = [];
    for (const o of outcomes) if ("code" in o) buffers.push(o.code.buffer as ArrayBuffer, o.relocs.buffer as ArrayBuffer);
    parentPort!.postMessage({ id: msg.id, outcomes }, [...new Set(buffers)]);
  } catch (e) {
    parentPort!.postMessage(errorReply(msg.id, e));
  }
});
