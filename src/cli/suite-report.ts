// --suite-report FILE for `saejs explore` and `saejs site`: the suite's HTML report (`saejs eval
// --suite --report`), linked from the explorer's header — only if it evaluated this very SAE.
import { SaeError } from "../core/errors.js";
import { saeFingerprint, type FingerprintedSae } from "../core/hash.js";
import { checkSuiteResult, REPORT_LIMITS, suiteReportHtml } from "../eval/report.js";
import type { SuiteResult } from "../eval/types.js";
import { openFile } from "../runtime/fs.js";
import { str } from "./args.js";
import type { Parsed } from "./args.js";

/** Where the report lies in a site or the served explorer. */
export const SUITE_REPORT_FILE = "suite-report.html";
/** A report of 32 SAEs with every label AUC stays far below this. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * The report's page, checked to be a suite report that evaluated `sae` (by fingerprint); undefined
 * without the flag. The page is rendered anew from the results the file embeds, every field checked:
 * it is served on the explorer's origin, so none of the file's own markup (a script, say) is copied.
 */
export async function suiteReportOf(p: Parsed, sae: FingerprintedSae): Promise<Uint8Array | undefined> {
  const path = str(p, "suite-report");
  if (path === undefined) return undefined;
  const ra = await openFile(path);
  let bytes: Uint8Array;
  try {
    if (ra.size > MAX_REPORT_BYTES)
      throw new SaeError(
        "E_FORMAT",
        `${path}: ${ra.size} bytes, more than a suite report's ${MAX_REPORT_BYTES}; give the file 'saejs eval --suite --report' wrote`,
      );
    bytes = await ra.read(0, ra.size);
  } finally {
    await ra.close();
  }
  const result = suiteOfReport(new TextDecoder().decode(bytes), path);
  const fingerprint = await saeFingerprint(sae);
  if (!result.saes.some((s) => s.fingerprint === fingerprint))
    throw new SaeError(
      "E_ARG",
      `${path} evaluates ${result.saes.map((s) => s.name).join(", ")}, not this SAE (by fingerprint); run 'saejs eval <this sae> <embeddings> --suite --report FILE' and link that`,
    );
  return new TextEncoder().encode(suiteReportHtml(result));
}

/** The SuiteResult a report embeds (`<script type="application/json" id="saejs-suite">`), every field checked. */
export function suiteOfReport(html: string, name: string): SuiteResult {
  const m = /<script type="application\/json" id="saejs-suite">([^<]*)<\/script>/.exec(html);
  let parsed: unknown;
  try {
    parsed = m ? JSON.parse(m[1]!) : undefined;
  } catch {
    parsed = undefined;
  }
  const r = parsed as Partial<SuiteResult> | undefined;
  if (r?.format !== "saejs-eval-suite" || r.version !== 1 || !Array.isArray(r.saes))
    throw new SaeError("E_FORMAT", `${name} is not a report of 'saejs eval --suite --report' (its embedded results are missing or unreadable)`);
  return checkSuiteResult(r, name, REPORT_LIMITS);
}
