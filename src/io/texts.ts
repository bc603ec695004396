// Texts to embed, from plain text (one per line), CSV (RFC 4180, quoted multi-line fields) or
// JSONL, with a chosen column or field.
// see: https://www.rfc-editor.org/rfc/rfc4180
import { SaeError } from "../core/errors.js";

/** Parses RFC 4180 CSV into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false, i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"' && field === "") { quoted = true; i++; continue; }
    if (c === ",") { row.push(field); field = ""; i++; continue; }
    if (c === "\n" || c === "\r") {
      row.push(field); field = "";
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += c; i++;
  }
  if (quoted) throw new SaeError("E_FORMAT", "csv: a quoted field is not closed before the end of the file");
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * Texts from a file's contents by its name: .csv and .jsonl take `column` (default "text"; for
 * CSV the header row names the columns); anything else is one text per non-empty line.
 */
export function readTexts(name: string, content: string, column = "text"): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) {
    const [header, ...rows] = parseCsv(content);
    if (!header) return [];
    const at = header.indexOf(column);
    if (at < 0) throw new SaeError("E_ARG", `${name}: no column '${column}'; columns: ${header.map((h) => h || "(unnamed)").join(", ")}`);
    return rows.map((r, i) => {
      const v = r[at];
      if (v === undefined) throw new SaeError("E_FORMAT", `${name}: row ${i + 2} has ${r.length} fields, the header ${header.length}`);
      return v;
    });
  }
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
    return content.split("\n").filter((l) => l.trim()).map((l, i) => {
      let o: unknown;
      try { o = JSON.parse(l); } catch { throw new SaeError("E_FORMAT", `${name}: line ${i + 1} is not JSON`); }
      const v = (o as Record<string, unknown>)?.[column];
      if (typeof v !== "string") throw new SaeError("E_ARG", `${name}: line ${i + 1} has no string field '${column}'`);
      return v;
    });
  }
  return content.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
}
