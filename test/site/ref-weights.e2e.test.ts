// `saejs site --sae hf://… --weights ref`: the site keeps the SAE's hf:// URL (and the Hub it was
// read from), not its bytes; the page reads it from that Hub (a local one on 127.0.0.1 speaking the
// Hub's protocol and CORS, test/hub/server.ts) and checks it against the codes by fingerprint, so
// an SAE that changed on the Hub since the build is refused, not used. Chromium missing is named.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeNpy } from "../../src/io/npy.js";
import { serializeSae } from "../../src/load.js";
import { concat } from "../../src/io/zip-write.js";
import { Sae } from "../../src/sae.js";
import { serveApp, type AppServer } from "../browser/harness.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { type HubServer, startHub } from "../hub/server.js";
import { centres, documents, randomSae } from "./corpus.js";

const D = 16,
  N = 64,
  K = 4,
  ROWS = 60;
let dir: string, hub: HubServer, moved: HubServer, site: AppServer | undefined;

const saeBytes = async (seed: number) => {
  const sae = await Sae.create(randomSae(D, N, seed), { k: K });
  try {
    return concat(await serializeSae(sae, "safetensors"));
  } finally {
    sae.dispose();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-site-ref-"));
  hub = await startHub({ "acme/saes": { files: { "sae.safetensors": await saeBytes(7) } } });
  // The same repo after its SAE was replaced by another of the same shape.
  moved = await startHub({ "acme/saes": { files: { "sae.safetensors": await saeBytes(8) } } });
  writeFileSync(join(dir, "corpus.jsonl"), Array.from({ length: ROWS }, (_, i) => JSON.stringify({ title: `Paper ${i}`, text: `text ${i}` })).join("\n"));
  writeFileSync(join(dir, "e.npy"), writeNpy(documents(centres(6, D, 1), D, 0, ROWS, 2), [ROWS, D]));
  await promisify(execFile)(
    process.execPath,
    [
      resolve("dist/cli.js"),
      "site",
      "corpus.jsonl",
      "--sae",
      "hf://acme/saes/sae.safetensors",
      "--weights",
      "ref",
      "--embeddings",
      "e.npy",
      "--out",
      "site",
      "--quiet",
    ],
    { cwd: dir, env: { ...process.env, HF_ENDPOINT: hub.url, HF_HOME: join(dir, "hf") } },
  );
}, 120_000);

afterAll(async () => {
  await site?.close();
  await hub?.close();
  await moved?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Probe = { saejsExplorer?: { ready: boolean; error?: string; search(o: object): Promise<{ hits: { doc: number }[] }> } };

describe("a site whose SAE stays on the Hub (--weights ref)", () => {
  it("holds the hf:// URL and the Hub it came from, not the weights", () => {
    expect(existsSync(join(dir, "site/data/model.safetensors"))).toBe(false);
    const model = JSON.parse(readFileSync(join(dir, "site/data/explorer.json"), "utf8")).site.model;
    expect(model).toMatchObject({ url: "hf://acme/saes/sae.safetensors", dtype: "f32", maxAbsError: 0, hub: hub.url });
    expect(model.fingerprint).toMatch(/^[0-9a-f]+$/);
  });

  it("the page reads the SAE from that Hub and searches; an SAE changed on the Hub since is refused", { timeout: 180_000 }, async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    site = await serveApp(join(dir, "site"));
    const from = hub.log.length;
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${site!.url}#search`);
      await page.waitForFunction(() => (globalThis as Probe).saejsExplorer?.ready || (globalThis as Probe).saejsExplorer?.error, null, { timeout: 120_000 });
      expect(await page.evaluate(() => (globalThis as Probe).saejsExplorer?.error)).toBeUndefined();
      expect(hub.log.slice(from).some((l) => l.path.includes("/acme/saes/resolve/") && l.path.endsWith("/sae.safetensors"))).toBe(true);
      const hits = await page.evaluate(() => (globalThis as Probe).saejsExplorer!.search({ doc: 3, steer: [] }));
      expect(hits.hits).toHaveLength(10);
      expect(hits.hits.map((h) => h.doc)).toContain(3);
    });
    // The repo's SAE replaced: the same site, pointed at the Hub that now holds another SAE.
    const path = join(dir, "site/data/explorer.json");
    const data = JSON.parse(readFileSync(path, "utf8"));
    data.site.model.hub = moved.url;
    writeFileSync(path, JSON.stringify(data));
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${site!.url}#search`);
      await page.waitForFunction(() => (globalThis as Probe).saejsExplorer?.ready || (globalThis as Probe).saejsExplorer?.error, null, { timeout: 120_000 });
      expect(await page.evaluate(() => (globalThis as Probe).saejsExplorer?.error)).toMatch(
        /the SAE at hf:\/\/acme\/saes\/sae\.safetensors is not the one this site's codes were made with .*rebuild the site/,
      );
      expect(await page.evaluate(() => (globalThis as Probe).saejsExplorer?.ready)).toBe(false);
    });
  });
});
