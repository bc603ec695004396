// Worker entry point: bundled by scripts/build.mjs into a self-contained script that the pool
// starts from a string (no file system, no separate URL to serve).
import { expose } from "comlink";
import { parentEndpoint } from "../runtime/workers.js";
import { createEngine } from "./engine.js";

void parentEndpoint().then((ep) => expose(createEngine(), ep));
