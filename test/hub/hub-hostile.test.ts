// A hostile or broken Hub (test/hub/server.ts's misbehave) and a tampered cache: every case ends in
// E_HUB (or the verified file) within the refusal budget, bounded in requests, bytes and time. Short
// deadlines come from the options and SAEJS_HUB_DEADLINE that production reads; the code path is the same.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { hubCachedFile, type HubOptions } from "../../src/io/hub.js";
import { openSource } from "../../src/io/source.js";
import { prng } from "../fixtures/formula.js";
import { saejsWith } from "../cli-runner.js";
import { refused } from "../io/budget.js";
import { startHub, type HubServer } from "./server.js";
import { fuzz } from "../fuzz/fuzz.js";
import { hubTarget } from "../fuzz/hub-fuzz.js";

const REPO = "acme/models";
const FILE = "csLG_4_48_8.pth";
const COMMIT = createHash("sha1").update(REPO).digest("hex"); // the test Hub's main
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
let hub: HubServer, cdn: HubServer, dir: string, bytes: Uint8Array, big: Uint8Array;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-hub-hostile-"));
  bytes = new Uint8Array(readFileSync(join("test", "fixtures", "checkpoints", FILE)));
  const r = prng(11);
  big = Uint8Array.from({ length: 1_500_000 }, () => Math.floor(r() * 256));
  const st = new Uint8Array(readFileSync(join("test", "fixtures", "checkpoints", "release.safetensors")));
  const repos = { [REPO]: { files: { [FILE]: bytes, "big.bin": big, "release.safetensors": st, "README.md": new TextEncoder().encode("# models\n") } } };
  hub = await startHub(repos);
  cdn = await startHub(repos); // another origin with the same objects
  // Loading the optional client and Node's fetch once (~0.5 s) is the process's cost, not a refusal's.
  await import("@huggingface/hub");
  await (await fetch(`${hub.url}/api/models/${REPO}`)).text();
});
afterEach(() => {
  hub.misbehave();
  cdn.misbehave();
});
afterAll(async () => {
  await hub.close();
  await cdn.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh cache and options with short deadlines (production's defaults are a minute): 2 s, which a
 * loaded machine's answers meet; the tests of the deadline itself set 0.3 s.
 */
const fresh = (o: HubOptions = {}): HubOptions => ({
  endpoint: hub.url,
  cacheDir: join(dir, `cache-${n++}`),
  limits: { deadlineMs: 2000, connectMs: 2000, idleMs: 2000 },
  ...o,
});
const SHORT = { deadlineMs: 300, connectMs: 300, idleMs: 300 };
const repoDir = (o: HubOptions) => join(o.cacheDir!, `models--${REPO.replace("/", "--")}`);
const url = (path = FILE) => `hf://${REPO}/${path}`;
const since = (at: number) => hub.log.slice(at);

describe("listing a repo's files for a 404 is bounded", () => {
  it("Link: next forever: a few pages, then the 404 without the list", async () => {
    hub.misbehave({ endlessPages: true });
    const at = hub.log.length;
    await refused(() => hubCachedFile(url("nothing.pth"), fresh()), "E_HUB", /has no file 'nothing\.pth'/);
    expect(since(at).filter((l) => l.path.includes("/tree/")).length).toBeLessThanOrEqual(4);
  });

  it("a listing body that never ends: cut at its byte allowance", async () => {
    hub.misbehave({ endlessListing: true });
    await refused(() => hubCachedFile(url("nothing.pth"), fresh()), "E_HUB", /has no file 'nothing\.pth'/);
  });

  it("a probe for a file that may be absent (cfg.json beside safetensors) does not list", async () => {
    const at = hub.log.length;
    const o = fresh({ listMissing: false });
    await refused(() => openSource(url("cfg.json"), { hub: o }), "E_HUB", /has no file 'cfg\.json'$/);
    expect(since(at).map((l) => `${l.method} ${l.path}`)).toEqual([`HEAD /${REPO}/resolve/main/cfg.json`]);
    // Loading safetensors from the Hub probes cfg.json and config.json beside it: neither lists.
    const cli = hub.log.length;
    const h = join(dir, "probe");
    const r = await saejsWith(dir, { HF_ENDPOINT: hub.url, HF_HOME: h, HF_TOKEN: "", HF_HUB_OFFLINE: "" }, "info", url("release.safetensors"));
    expect(r.code, r.stderr).toBe(0);
    expect(since(cli).filter((l) => l.path.includes("cfg.json") || l.path.includes("config.json")).length).toBe(2);
    expect(since(cli).filter((l) => l.path.includes("/tree/"))).toEqual([]);
    // Named by the user, the same 404 lists what there is.
    await refused(() => hubCachedFile(url("cfg.json"), fresh()), "E_HUB", /has no file 'cfg\.json'; its files: .*README\.md/);
  });
});

describe("one deadline per request and per download", () => {
  it("a body trickling one byte every 2 s ends at the download's deadline", async () => {
    hub.misbehave({ trickleMs: 2000 });
    // The idle limit is longer than the trickle's pauses: only the deadline can end it.
    await refused(
      () => hubCachedFile(url(), fresh({ limits: { deadlineMs: 300, connectMs: 300, idleMs: 10_000 } })),
      "E_HUB",
      /broke off after \d+ of \d+ bytes .*no complete answer within 0\.\d+ s.*SAEJS_HUB_DEADLINE/,
    );
  });

  it("a GET that never answers after a good HEAD ends at the deadline, not in E_INTERNAL", async () => {
    hub.misbehave({ getHangs: true });
    await refused(
      () => hubCachedFile(url(), fresh({ limits: SHORT })),
      "E_HUB",
      /GET http:\/\/127\.0\.0\.1:\d+\/acme\/models\/resolve\/[0-9a-f]{40}\/\S+: no (complete )?answer within 0\.3\d* s/,
    );
  });

  it("SAEJS_HUB_DEADLINE sets the deadline of the CLI", async () => {
    hub.misbehave({ getHangs: true });
    const h = join(dir, "cli-deadline");
    const t = performance.now();
    const r = await saejsWith(dir, { HF_ENDPOINT: hub.url, HF_HOME: h, HF_TOKEN: "", HF_HUB_OFFLINE: "", SAEJS_HUB_DEADLINE: "0.3" }, "info", url());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/E_HUB.*resolve\/[0-9a-f]{40}\/\S+: no complete answer within 0\.3\d* s; .*SAEJS_HUB_DEADLINE .*now 0\.3;/);
    expect(performance.now() - t).toBeLessThan(30_000); // the default deadline alone is 60 s
    const bad = await saejsWith(dir, { HF_ENDPOINT: hub.url, HF_HOME: h, SAEJS_HUB_DEADLINE: "soon" }, "info", url());
    expect(bad.stderr).toMatch(/E_ARG.*SAEJS_HUB_DEADLINE='soon'/);
  });
});

describe("the client library's failures are E_HUB with the status and the URL", () => {
  const cases: [string, Parameters<HubServer["misbehave"]>[0], RegExp][] = [
    [
      "404 on the resolve GET (a mirror that resolves main, not commits)",
      { getStatus: 404 },
      /http:\S+\/resolve\/[0-9a-f]{40}\/\S+: HTTP 404: .*does not resolve it/,
    ],
    ["500 on the resolve GET", { getStatus: 500 }, /http:\S+\/resolve\/[0-9a-f]{40}\/\S+: HTTP 500/],
    ["a CDN answer without an ETag", { cdnWithout: "ETag" }, /GET http:\S+\/cdn\/[0-9a-f]{64} answered HTTP 206: Expected ETag/],
    ["a CDN answer without Content-Range", { cdnWithout: "Content-Range" }, /GET http:\S+\/cdn\/[0-9a-f]{64} answered HTTP 206: Expected size information/],
    ["a redirect loop", { redirectLoop: true }, /more than 10 redirects in a row \(a redirect loop\)/],
    ["a redirect to file://", { redirectTo: "file:///etc/passwd" }, /answered HTTP 302 redirects to file:\/\/\/etc\/passwd; only http\(s\) is followed/],
    ["an ETag of '.'", { etag: "." }, /without the file's commit, ETag or size \(.*ETag '\.'/],
    ["an ETag of '..'", { etag: ".." }, /without the file's commit, ETag or size \(.*ETag '\.\.'/],
  ];
  for (const [name, m, re] of cases) {
    it(name, async () => {
      hub.misbehave(m);
      const o = fresh();
      await refused(() => hubCachedFile(url(), o), "E_HUB", re);
      // Nothing was written outside the repo's cache folder, and no blob under a name that is not a file's.
      if (existsSync(join(repoDir(o), "blobs"))) for (const b of readdirSync(join(repoDir(o), "blobs"))) expect(b).toMatch(/^[0-9a-f]{40,64}/);
    });
  }
});

describe("links planted in the cache are never written through or trusted", () => {
  it("a blobs/<sha>.incomplete link to a file outside the cache is removed, not appended to", async () => {
    const o = fresh();
    const outside = join(dir, "victim.txt");
    writeFileSync(outside, "precious\n");
    mkdirSync(join(repoDir(o), "blobs"), { recursive: true });
    symlinkSync(outside, join(repoDir(o), "blobs", `${sha(big)}.incomplete`));
    const path = await hubCachedFile(url("big.bin"), o);
    expect(readFileSync(outside, "utf8")).toBe("precious\n");
    expect(sha(readFileSync(path))).toBe(sha(big));
  });

  it("a snapshot link to a file outside the cache is replaced by the verified download, and never used offline", async () => {
    const o = fresh();
    const outside = join(dir, "passwd");
    writeFileSync(outside, "root:x:0:0:root:/root:/bin/bash\n");
    const pointer = join(repoDir(o), "snapshots", COMMIT, FILE);
    mkdirSync(join(repoDir(o), "snapshots", COMMIT), { recursive: true });
    mkdirSync(join(repoDir(o), "refs"), { recursive: true });
    writeFileSync(join(repoDir(o), "refs", "main"), COMMIT);
    symlinkSync(outside, pointer);
    await refused(() => hubCachedFile(url(), { ...o, offline: true }), "E_HUB", /HF_HUB_OFFLINE is set and the file is not in the cache/);
    const path = await hubCachedFile(url(), o);
    expect(readlinkSync(pointer)).toBe(`../../blobs/${sha(bytes)}`);
    expect(sha(readFileSync(path))).toBe(sha(bytes));
    expect(readFileSync(outside, "utf8")).toMatch(/^root:/);
  });

  it("a blob that is a link (even to a file of the right size) is not the file", async () => {
    const o = fresh();
    const outside = join(dir, "same-size.bin");
    writeFileSync(outside, new Uint8Array(bytes.length));
    mkdirSync(join(repoDir(o), "blobs"), { recursive: true });
    symlinkSync(outside, join(repoDir(o), "blobs", sha(bytes)));
    const path = await hubCachedFile(url(), o);
    expect(sha(readFileSync(path))).toBe(sha(bytes));
    expect(readFileSync(outside).every((b) => b === 0)).toBe(true);
  });
});

describe("two processes downloading the same file", () => {
  it("share one download through blobs/<sha>.lock; both succeed", async () => {
    hub.misbehave({ slowMs: 250 }); // 2 s for the 8 KB file: the two processes overlap
    const env = { HF_ENDPOINT: hub.url, HF_HOME: join(dir, "two"), HF_TOKEN: "", HF_HUB_OFFLINE: "" };
    const at = hub.log.length;
    const [a, b] = await Promise.all([saejsWith(dir, env, "info", url()), saejsWith(dir, env, "info", url())]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    const blobs = join(env.HF_HOME, "hub", `models--${REPO.replace("/", "--")}`, "blobs");
    expect(readdirSync(blobs)).toEqual([sha(bytes)]);
    // One process downloaded (its info probe and its stream); the other waited and reused the blob.
    expect(since(at).filter((l) => l.path.startsWith("/cdn/")).length).toBeLessThanOrEqual(2);
  });
});

describe("a lock left behind", () => {
  const plant = (o: HubOptions, holder: string) => {
    mkdirSync(join(repoDir(o), "blobs"), { recursive: true });
    writeFileSync(join(repoDir(o), "blobs", `${sha(bytes)}.lock`), holder);
  };

  it("by a process of this host that is gone is taken over", async () => {
    const o = fresh();
    plant(o, `999999999 ${hostname()}`); // above any pid_max: no such process
    expect(sha(readFileSync(await hubCachedFile(url(), o)))).toBe(sha(bytes));
    expect(readdirSync(join(repoDir(o), "blobs"))).toEqual([sha(bytes)]);
  });

  it("by a live process elsewhere is waited for until the download's deadline, then named", async () => {
    const o = fresh();
    plant(o, "1 another-host");
    await refused(() => hubCachedFile(url(), o), "E_HUB", /another process has been downloading it \(.*\.lock\) for too long; if none is, remove that file/);
  });
});

describe("the token never leaves the endpoint's origin", () => {
  it("a redirect to another origin that says it is CloudFront does not get Authorization", async () => {
    cdn.misbehave({ cdnHeaders: { "X-Cache": "Hit from cloudfront" } });
    hub.misbehave({ redirectTo: `${cdn.url}/cdn/${sha(big)}` });
    const at = cdn.log.length;
    const path = await hubCachedFile(url("big.bin"), fresh({ token: "hf_secret" }));
    expect(sha(readFileSync(path))).toBe(sha(big));
    const there = cdn.log.slice(at);
    expect(there.length).toBeGreaterThan(0);
    expect(there.filter((l) => l.auth)).toEqual([]);
    expect(hub.log.some((l) => l.auth === "Bearer hf_secret")).toBe(true);
  });
});

describe("fuzzed answers (test/fuzz/hub-fuzz.ts)", () => {
  it("random statuses, headers, bodies, Link pages and redirect chains: the file or E_HUB, each within a second", async () => {
    const r = await fuzz(hubTarget, 300, 3);
    expect(r.failures.map((f) => `case ${f.index}: ${f.error.split("\n")[0]}`)).toEqual([]);
  });
});
