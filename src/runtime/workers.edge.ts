// Edge runtimes have no worker threads: the edge bundle swaps this in for workers.ts, and models
// run on the calling thread (caps().workers is false there).
import type { Endpoint } from "comlink";
import { SaeError } from "../core/errors.js";
import type { WorkerHandle } from "./workers.js";

export async function cores(): Promise<number> {
  return 1;
}

export async function spawnWorker(_code: string): Promise<WorkerHandle> {
  throw new SaeError("E_WORKER", "this runtime has no worker threads; use workers: 0");
}

export async function parentEndpoint(): Promise<Endpoint> {
  throw new SaeError("E_WORKER", "this runtime has no worker threads");
}
