// hf:// sources against a Hub on 127.0.0.1 (test/hub/server.ts): the release's file name, the
// Hugging Face cache layout (written, reused, shared with Python's), offline mode, gated and
// missing files, and an interrupted download that never leaves a corrupt cache entry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hubCachedFile, openHub, parseHubUrl } from "../../src/io/hub.js";
import { openCheckpointAccess } from "../../src/io/checkpoint.js";
import { createServer } from "node:net";
import { readEmbeddings } from "../../src/io/embeddings.js";
import { lastJson, saejsWith } from "../cli-runner.js";
import { startHub, type HubServer } from "./server.js";
import { saeFile, smallParquet } from "./fixtures.js";
import { configure } from "../../src/runtime/configure.js";

const RELEASE = "charlieoneill/embedding-saes";
const FILE = "csLG_64_9216_128.pth";
const URL_ = `hf://${RELEASE}/${FILE}`;
let hub: HubServer, dir: string, pth: Uint8Array, parquet: Uint8Array;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-hub-"));
  // The release's layout and name; d is small (the name fixes k, n and k_aux, not d).
  const d = 16,
    n = 9216;
  pth = await saeFile(d, n, 64, "pth");
  parquet = await smallParquet();
  hub = await startHub({
    [RELEASE]: { files: { [FILE]: pth, "README.md": new TextEncoder().encode("# SAEs\n") }, refs: { v1: "1".repeat(40) } },
    "acme/gated": { files: { [FILE]: pth }, gated: true, tokens: ["hf_good"] },
    "acme/private": { files: { [FILE]: pth }, private: true, tokens: ["hf_good"] },
    "acme/papers": { type: "dataset", files: { "data/train.parquet": parquet } },
  });
}, 60_000);
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh HF_HOME and the environment that points saejs at the local Hub. */
const home = (name: string, extra: Record<string, string> = {}) => {
  const h = join(dir, name);
  mkdirSync(h, { recursive: true });
  return { HF_ENDPOINT: hub.url, HF_HOME: h, HF_TOKEN: "", HF_HUB_OFFLINE: "", ...extra };
};
const repoDir = (h: string, repo = RELEASE) => join(h, "hub", `models--${repo.replace("/", "--")}`);

describe("hf:// sources", () => {
  it("saejs info hf://charlieoneill/embedding-saes/csLG_64_9216_128.pth reads k and n, and fills the Hugging Face cache", async () => {
    const env = home("first");
    const r = await saejsWith(dir, env, "info", URL_, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ format: "pth", layout: "release", k: 64, kSource: "file name", nInputs: 16, nLatents: 9216 });
    const repo = repoDir(env.HF_HOME);
    const commit = readFileSync(join(repo, "refs", "main"), "utf8");
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const pointer = join(repo, "snapshots", commit, FILE);
    expect(lstatSync(pointer).isSymbolicLink()).toBe(true);
    expect(readlinkSync(pointer)).toBe(`../../blobs/${sha(pth)}`);
    expect(sha(readFileSync(pointer))).toBe(sha(pth));
    expect(readdirSync(join(repo, "blobs"))).toEqual([sha(pth)]);
    // Again: only the metadata request, no download.
    const before = hub.log.length;
    expect((await saejsWith(dir, env, "info", URL_)).code).toBe(0);
    expect(hub.log.slice(before).map((l) => `${l.method} ${l.path}`)).toEqual([`HEAD /${RELEASE}/resolve/main/${FILE}`]);
  });

  it("HF_HUB_OFFLINE=1 reads the cache without a request, and names the cache when the file is not there", async () => {
    const env = home("offline");
    expect((await saejsWith(dir, env, "info", URL_)).code).toBe(0);
    const before = hub.log.length;
    const r = await saejsWith(dir, { ...env, HF_HUB_OFFLINE: "1" }, "info", URL_, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(hub.log.length).toBe(before);
    const miss = await saejsWith(dir, { ...home("offline-empty"), HF_HUB_OFFLINE: "1" }, "info", URL_);
    expect(miss.code).not.toBe(0);
    expect(miss.stderr).toMatch(/E_HUB.*HF_HUB_OFFLINE is set and the file is not in the cache.*models--charlieoneill--embedding-saes/);
    expect(hub.log.length).toBe(before);
  });

  it("reuses a cache laid out as Python's huggingface_hub writes it, offline and with the Hub unreachable", async () => {
    const h = join(dir, "python");
    const repo = repoDir(h);
    const commit = "a".repeat(40);
    const closed = await new Promise<string>((r) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => r(`http://127.0.0.1:${port}`));
      });
    });
    mkdirSync(join(repo, "blobs"), { recursive: true });
    mkdirSync(join(repo, "snapshots", commit), { recursive: true });
    mkdirSync(join(repo, "refs"), { recursive: true });
    writeFileSync(join(repo, "blobs", sha(pth)), pth);
    symlinkSync(`../../blobs/${sha(pth)}`, join(repo, "snapshots", commit, FILE));
    writeFileSync(join(repo, "refs", "main"), commit);
    for (const env of [
      { HF_HOME: h, HF_HUB_OFFLINE: "1", HF_ENDPOINT: hub.url },
      { HF_HOME: h, HF_HUB_OFFLINE: "", HF_ENDPOINT: closed },
    ]) {
      const r = await saejsWith(dir, env, "info", URL_, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(lastJson(r.stdout)).toMatchObject({ k: 64, nLatents: 9216 });
    }
    const unreachable = await saejsWith(dir, { ...home("nowhere"), HF_ENDPOINT: closed }, "info", URL_);
    expect(unreachable.stderr).toMatch(/E_HUB.*cannot reach http:\/\/127.0.0.1:\d+.*not cached/);
  });

  it("revisions: a tag and a commit resolve to the file, recorded under refs/<tag>", async () => {
    const env = home("revisions");
    expect((await saejsWith(dir, env, "info", `hf://${RELEASE}@v1/${FILE}`)).code).toBe(0);
    expect(readFileSync(join(repoDir(env.HF_HOME), "refs", "v1"), "utf8")).toBe("1".repeat(40));
    const path = await hubCachedFile(`hf://${RELEASE}@${"1".repeat(40)}/${FILE}`, { endpoint: hub.url, cacheDir: join(env.HF_HOME, "hub") });
    expect(path).toContain(`snapshots/${"1".repeat(40)}/${FILE}`);
  });

  it("gated and private repos: 401/403 say what to do; HF_TOKEN or the saved token opens them", async () => {
    const gated = `hf://acme/gated/${FILE}`;
    const none = await saejsWith(dir, home("gated"), "info", gated);
    expect(none.stderr).toMatch(/E_HUB.*HTTP 401.*acme\/gated is gated: accept its terms at http:\/\/127.0.0.1:\d+\/acme\/gated, then set HF_TOKEN/);
    const wrong = await saejsWith(dir, home("gated", { HF_TOKEN: "hf_bad" }), "info", gated);
    expect(wrong.stderr).toMatch(/E_HUB.*HTTP 403.*gated/);
    const ok = await saejsWith(dir, home("gated", { HF_TOKEN: "hf_good" }), "info", gated);
    expect(ok.code, ok.stderr).toBe(0);
    expect(hub.log.some((l) => l.path.startsWith("/cdn/") && l.auth === "Bearer hf_good")).toBe(true);
    const priv = await saejsWith(dir, home("private"), "info", `hf://acme/private/${FILE}`);
    expect(priv.stderr).toMatch(/E_HUB.*HTTP 401.*private or gated, or does not exist; set HF_TOKEN/);
    const saved = home("saved-token");
    writeFileSync(join(saved.HF_HOME, "token"), "hf_good\n");
    expect((await saejsWith(dir, saved, "info", `hf://acme/private/${FILE}`)).code).toBe(0);
  });

  it("a missing file lists the repo's files; a missing revision and repo say so", async () => {
    const env = home("missing");
    const file = await saejsWith(dir, env, "info", `hf://${RELEASE}/csLG_64_9216_12.pth`);
    expect(file.stderr).toMatch(new RegExp(`E_HUB.*has no file 'csLG_64_9216_12.pth'; its files: ${FILE}, README.md`));
    const rev = await saejsWith(dir, env, "info", `hf://${RELEASE}@v9/${FILE}`);
    expect(rev.stderr).toMatch(/E_HUB.*has no revision 'v9'/);
    const repo = await saejsWith(dir, { ...env, HF_TOKEN: "hf_any" }, "info", `hf://nobody/nothing/${FILE}`);
    expect(repo.stderr).toMatch(/E_HUB.*no repo nobody\/nothing/);
    const bad = await saejsWith(dir, env, "info", "hf://charlieoneill/../x.pth");
    expect(bad.stderr).toMatch(/E_ARG.*hf:\/\/owner\/repo\/path/);
  });

  it("an interrupted download leaves no cache entry; the next run resumes it by Range and verifies it", async () => {
    const env = home("interrupted");
    hub.breakAfter(300_000);
    const first = await saejsWith(dir, env, "info", URL_);
    expect(first.code).not.toBe(0);
    expect(first.stderr).toMatch(/E_HUB.*broke off after \d+ of \d+ bytes.*run again to resume/);
    const blobs = join(repoDir(env.HF_HOME), "blobs");
    expect(readdirSync(blobs)).toEqual([`${sha(pth)}.incomplete`]);
    expect(existsSync(join(repoDir(env.HF_HOME), "snapshots"))).toBe(false);
    const before = hub.log.length;
    const second = await saejsWith(dir, env, "info", URL_, "--json");
    expect(second.code, second.stderr).toBe(0);
    expect(hub.log.slice(before).some((l) => l.path.startsWith("/cdn/") && /^bytes=[1-9]\d*-/.test(l.range ?? ""))).toBe(true);
    expect(readdirSync(blobs)).toEqual([sha(pth)]);
    expect(sha(readFileSync(join(blobs, sha(pth))))).toBe(sha(pth));
  });

  it("without the cache (as in browsers), reads a checkpoint by HTTP range requests, never whole", async () => {
    const before = hub.log.length;
    const ra = await openHub(URL_, { endpoint: hub.url, cache: false });
    const ckpt = await openCheckpointAccess(ra);
    try {
      expect(ckpt.format).toBe("pth");
      expect(Array.from(await ckpt.tensors.get("pre_bias")!.read()).length).toBe(16);
    } finally {
      await ckpt.close();
    }
    const reads = hub.log.slice(before).filter((l) => l.path.startsWith("/cdn/"));
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.every((l) => /^bytes=\d+-\d+$/.test(l.range ?? ""))).toBe(true);
    await expect(openHub(`hf://acme/gated/${FILE}`, { endpoint: hub.url, cache: false })).rejects.toMatchObject({ code: "E_HUB", message: /HTTP 401/ });
  });

  it("a download that stalls is given up after the idle limit, and resumed next time", async () => {
    const cacheDir = join(dir, "stalled", "hub");
    hub.stallAfter(100_000);
    const t = performance.now();
    await expect(hubCachedFile(URL_, { endpoint: hub.url, cacheDir, limits: { idleMs: 500 } })).rejects.toMatchObject({
      code: "E_HUB",
      message: /broke off after \d+ of \d+ bytes \(no data for 0.5 s\); run again to resume/,
    });
    expect(performance.now() - t).toBeLessThan(10_000);
    const path = await hubCachedFile(URL_, { endpoint: hub.url, cacheDir });
    expect(sha(readFileSync(path))).toBe(sha(pth));
  });

  it("configure({ hub }) gives every hf:// source its endpoint and token (a browser has no HF_ENDPOINT); a bad setting is E_ARG and changes nothing", async () => {
    const cacheDir = join(dir, "configured", "hub");
    try {
      configure({ hub: { endpoint: hub.url, token: "hf_good", cacheDir } });
      const ra = await openHub(`hf://acme/gated/${FILE}`);
      expect(ra.size).toBe(pth.length);
      await ra.close();
      expect(() => configure({ hub: { endpoint: "ftp://hub" } })).toThrow(/E_ARG|endpoint 'ftp:\/\/hub' is not an http\(s\) URL/);
      expect(() => configure({ hub: { tokn: "x" } as never })).toThrow(/unknown setting 'tokn'; the settings are: endpoint, token/);
      expect(() => configure({ hub: { limits: { deadlineMs: -1 } } })).toThrow(/limits.deadlineMs must be a positive number/);
      // Still the configured endpoint and token; a per-call option comes first.
      await expect(openHub(`hf://acme/gated/${FILE}`, { token: "hf_bad" })).rejects.toMatchObject({ code: "E_HUB", message: /HTTP 403/ });
    } finally {
      configure({ hub: {} });
    }
  });

  it("parses hf:// URLs: revisions, datasets, and refuses what is not a repo path", () => {
    expect(parseHubUrl("hf://a/b@refs%2Fpr%2F1/x/y.pth")).toEqual({ type: "model", repo: "a/b", revision: "refs/pr/1", path: "x/y.pth" });
    expect(parseHubUrl("hf://datasets/a/b/data/train.parquet")).toEqual({ type: "dataset", repo: "a/b", revision: "main", path: "data/train.parquet" });
    for (const bad of ["hf://a/b", "hf://a/b/../c", "hf://a/b@/c", "hf://-a/b/c"]) expect(() => parseHubUrl(bad), bad).toThrow(/hf:\/\/owner\/repo/);
  });

  it("reads embeddings from a dataset repo's Parquet file (a small file: no redirect, a git ETag)", async () => {
    const env = home("dataset");
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const e = await readEmbeddings("hf://datasets/acme/papers/data/train.parquet");
      expect([e.rows, e.cols, Array.from(e.data)]).toEqual([3, 4, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.5]]);
      expect(existsSync(join(env.HF_HOME, "hub", "datasets--acme--papers", "refs", "main"))).toBe(true);
    } finally {
      process.env = saved;
    }
  });
});
