// The explorer's data against the plain analyses, and the site server.
import { describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { buildExplorerData } from "../../src/explore/site.js";
import { featureStats, hardNegatives } from "../../src/explore/features.js";
import { activationMatrix, featureFamilies } from "../../src/explore/families.js";
import { hostAllowed, serveSite } from "../../src/cli/explore.js";
import { request } from "node:http";
import { plantedCorpus, TOPICS } from "./planted.js";

describe("explorer data", async () => {
  const { weights, x, texts } = plantedCorpus();
  const sae = await Sae.create(weights, { k: 2 });
  const data = await buildExplorerData(sae, texts, x, { title: "t", embedder: "planted" });
  const codes = sae.encode(x);

  it("top documents, density and hard negatives equal the plain analyses, feature by feature", () => {
    const stats = featureStats(codes, weights.nLatents, 10);
    for (let i = 0; i < weights.nLatents; i++) {
      const top = stats.top[i]!.filter((t) => t.value > 0).map((t) => t.doc);
      expect(data.features.top[i]).toEqual(top);
      expect(data.features.density[i]).toBeCloseTo(stats.density[i]!, 3);
      expect(data.features.hardNegatives[i]).toEqual(top.length ? hardNegatives(i, top, codes, x, weights.nInputs, 5) : []);
    }
    expect(data.families).toEqual(featureFamilies(activationMatrix(codes, weights.nLatents), texts.length, weights.nLatents));
    expect(data.histogram.dead).toBe(stats.density.filter((v) => v === 0).length);
  });

  it("finds the planted topics and labels them with their word", () => {
    TOPICS.forEach((topic, i) => {
      expect(data.features.label[i]).toContain(topic);
      for (const doc of data.features.top[i]!) expect(texts[doc]!.text).toContain(topic);
    });
  });

  it("refuses a corpus whose embeddings do not match", async () => {
    await expect(buildExplorerData(sae, texts.slice(1), x)).rejects.toThrow(/299 documents need 299 × 32 embedding values, got 9600/);
  });
});

describe("explorer server", () => {
  it("serves only the site's files, cross-origin isolated, and 404s the rest", async () => {
    const { server, url } = await serveSite(
      new Map<string, Uint8Array | Uint8Array[]>([
        ["index.html", new TextEncoder().encode("<p>hi")],
        ["data/a.json", [Uint8Array.of(123), Uint8Array.of(125)]],
      ]),
      { port: 0 },
    );
    try {
      const home = await fetch(url);
      expect(await home.text()).toBe("<p>hi");
      expect(home.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(home.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
      expect(await (await fetch(`${url}data/a.json`)).json()).toEqual({});
      expect((await fetch(`${url}../package.json`)).status).toBe(404);
      expect((await fetch(`${url}%E0%A4%A`)).status).toBe(400);
      expect((await fetch(url, { method: "POST" })).status).toBe(405);
      // DNS rebinding: a request that names another host is refused; addresses and localhost are not.
      const port = Number(new URL(url).port);
      const withHost = (host: string) =>
        new Promise<number>((ok, fail) => {
          request({ host: "127.0.0.1", port, path: "/", headers: { host } }, (res) => {
            res.resume();
            ok(res.statusCode!);
          })
            .on("error", fail)
            .end();
        });
      expect(await withHost(`evil.example:${port}`)).toBe(403);
      expect(await withHost(`127.0.0.1.nip.io:${port}`)).toBe(403);
      expect(await withHost(`127.0.0.1:${port + 1}`)).toBe(403);
      expect(await withHost(`localhost:${port}`)).toBe(200);
      expect(await withHost(`127.0.0.1:${port}`)).toBe(200);
      expect(hostAllowed(`[::1]:${port}`, port)).toBe(true);
      expect(hostAllowed(undefined, port)).toBe(false);
      await expect(serveSite(new Map(), { port: Number(new URL(url).port) })).rejects.toThrow(/is in use; pass --port 0/);
    } finally {
      server.close();
    }
  });
});
