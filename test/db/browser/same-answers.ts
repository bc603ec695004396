// What an index built elsewhere must answer as Node's does: exact steered search, the query's
// features and a feature page equal; HNSW (approximate, its graph built with random levels)
// compared by overlap with the exact ranking.
import { expect } from "vitest";
import type { Probe } from "./corpus.js";

/** The answers Node gives; HNSW (approximate, its graph built with random levels) compared by overlap with the exact ranking. */
export function sameAnswers(got: Probe, want: Probe): void {
  expect(got.exact).toEqual(want.exact);
  expect(got.features).toEqual(want.features);
  expect(got.filtered).toEqual(want.filtered);
  const exactRows = new Set(want.exact.map((h) => h.row));
  expect(got.hnsw.filter((r) => exactRows.has(r)).length).toBeGreaterThanOrEqual(8);
  expect(got.page.top).toEqual(want.page.top);
  expect(got.page.histogram).toEqual(want.page.histogram);
  expect(got.page.cooccurring).toEqual(want.page.cooccurring);
  expect(got.page.nearest).toEqual(want.page.nearest);
  expect(got.page.negatives.length).toBe(want.page.negatives.length);
}
