// What sql.ts and the PGlite worker (pglite-worker.ts) share: the statement timeout's default and
// range, and a driver's error as E_DB.
import { SaeError } from "../core/errors.js";

/** How long a statement of user SQL (search's where condition) may run by default: 30 s. */
export const STATEMENT_TIMEOUT_MS = 30_000;

/** statement_timeout's range here: a positive integer of milliseconds (spliced into SET LOCAL). */
export function checkTimeout(ms: number): number {
  if (!Number.isInteger(ms) || ms < 1 || ms > 2_147_483_647)
    throw new SaeError("E_ARG", `statementTimeout must be a whole number of milliseconds in [1, 2147483647], got ${ms}`, {
      fix: { option: "statementTimeout", example: String(STATEMENT_TIMEOUT_MS) },
    });
  return ms;
}

/** A driver's error as E_DB: the statement's first words, Postgres's message, its SQLSTATE and hint. */
export function dbError(e: unknown, text: string, where: string): SaeError {
  if (e instanceof SaeError) return e;
  const err = e as { message?: string; code?: string; hint?: string; detail?: string };
  const head = text.trim().split(/\s+/).slice(0, 4).join(" ");
  const extra = [err.detail, err.hint].filter(Boolean).join("; ");
  // A message may quote a whole parameter (a batch of vectors): the start says what went wrong.
  const clip = (t: string) => (t.length > 400 ? `${t.slice(0, 400)}…` : t);
  return new SaeError(
    "E_DB",
    `${where}: ${clip(err.message ?? String(e))}${err.code ? ` [${err.code}]` : ""}${extra ? ` (${clip(extra)})` : ""} in '${head} …'`,
    { cause: e },
  );
}
