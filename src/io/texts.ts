// Texts to embed, from plain text (one per line), CSV or TSV (RFC 4180 quoting, multi-line
// fields), JSONL or a JSON array of objects, with a chosen column or field.
// see: https://www.rfc-editor.org/rfc/rfc4180
import { preview, SaeError } from "../core/errors.js";

/** Parses RFC 4180 CSV into rows of fields. */
export function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    field = "",
    quoted = false,
    i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
      continue;
    }
    if (c === delimiter) {
      row.push(field);
      field = "";
      i++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      row.push(field);
      field = "";
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += c;
    i++;
  }
  if (quoted) throw new SaeError("E_FORMAT", "csv: a quoted field is not closed before the end of the file");
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The text formats readTexts takes, by file extension. */
export const TEXT_FORMATS = [".txt", ".csv", ".tsv", ".jsonl", ".ndjson", ".json"] as const;

export interface TextOptions {
  /** The CSV column or JSONL field; default "text". Plain text has none, and giving one there is an error. */
  column?: string;
  /** Leave out empty texts instead of refusing them; `kept` then says which source rows remain. */
  skipEmpty?: boolean;
  /** Take empty texts as they are (titles, say). */
  allowEmpty?: boolean;
}

export interface TextRows {
  texts: string[];
  /** With skipEmpty: the 0-based source row (data rows, header excluded) of each text. */
  kept?: number[];
}

function formatOf(name: string): (typeof TEXT_FORMATS)[number] {
  const lower = name.toLowerCase();
  const f = TEXT_FORMATS.find((ext) => lower.endsWith(ext));
  if (!f) {
    const ext = /\.[^./\\]+$/.exec(lower)?.[0];
    throw new SaeError(
      "E_FORMAT",
      `${name}: ${ext ? `'${ext}' is not a text format sae.js reads` : "no file extension to tell its format"}; supported: ${TEXT_FORMATS.join(", ")} (one text per line, a CSV or TSV column with a header row, a JSONL field, a field of a JSON array of objects), and a string column of a Parquet or Arrow file`,
    );
  }
  return f;
}

/**
 * Texts from a file's contents, by its name's extension: .csv and .jsonl/.ndjson take a column
 * (default "text"; for CSV the header row names the columns), .txt is one text per line. Every
 * row of the source is one text, in order, so that rows line up with the source's other columns:
 * an empty text is an error naming its row, unless `skipEmpty` (then `kept` lists the rows kept)
 * or `allowEmpty`. An empty file is an error. Blank lines between CSV and JSONL records are not rows.
 */
export function readTextRows(name: string, content: string, options: TextOptions = {}): TextRows {
  const format = formatOf(name);
  const raw: { text: string; at: number }[] = [];
  let where: (at: number) => string = (at) => `line ${at}`;
  if (format === ".csv" || format === ".tsv") {
    const column = options.column ?? "text";
    const [header, ...rows] = parseCsv(content, format === ".tsv" ? "\t" : ",");
    where = (at) => `record ${at} (after the header), column '${column}'`;
    if (!header) throw new SaeError("E_FORMAT", `${name}: empty file (no header row, no texts)`);
    const at = header.indexOf(column);
    if (at < 0) throw new SaeError("E_ARG", `${name}: no column '${column}'; columns: ${header.map((h) => h || "(unnamed)").join(", ")}`);
    rows.forEach((r, i) => {
      const v = r[at];
      if (v === undefined) throw new SaeError("E_FORMAT", `${name}: record ${i + 1} has ${r.length} fields, the header ${header.length}`);
      raw.push({ text: v, at: i + 1 });
    });
  } else if (format === ".json") {
    const column = options.column ?? "text";
    let all: unknown;
    try {
      all = JSON.parse(content);
    } catch (e) {
      throw new SaeError("E_FORMAT", `${name}: not JSON (${(e as Error).message.slice(0, 120)})`);
    }
    if (!Array.isArray(all)) throw new SaeError("E_FORMAT", `${name}: expected a JSON array of objects (one per text), got ${preview(all)}`);
    where = (at) => `item ${at}, field '${column}'`;
    all.forEach((o, i) => {
      const v = (o as Record<string, unknown> | null)?.[column];
      if (typeof v !== "string") throw new SaeError("E_ARG", `${name}: item ${i} has no string field '${column}'`);
      raw.push({ text: v, at: i });
    });
  } else if (format === ".jsonl" || format === ".ndjson") {
    const column = options.column ?? "text";
    where = (at) => `line ${at}, field '${column}'`;
    content.split("\n").forEach((l, i) => {
      if (!l.trim()) return;
      let o: unknown;
      try {
        o = JSON.parse(l);
      } catch {
        throw new SaeError("E_FORMAT", `${name}: line ${i + 1} is not JSON`);
      }
      const v = (o as Record<string, unknown>)?.[column];
      if (typeof v !== "string") throw new SaeError("E_ARG", `${name}: line ${i + 1} has no string field '${column}'`);
      raw.push({ text: v, at: i + 1 });
    });
  } else {
    if (options.column !== undefined)
      throw new SaeError(
        "E_ARG",
        `${name}: a column ('${options.column}') applies to .csv, .tsv, .jsonl and .json files; a ${format} file is one text per line`,
      );
    const lines = content.split(/\r?\n/);
    if (lines.at(-1) === "") lines.pop(); // the newline that ends the last line
    lines.forEach((l, i) => {
      raw.push({ text: l.trim(), at: i + 1 });
    });
  }
  return keepTexts(name, raw, where, options);
}

/** readTextRows' texts: every row a non-empty text (the column, where given, of CSV and JSONL). */
export function readTexts(name: string, content: string, column?: string): string[] {
  return readTextRows(name, content, column === undefined ? {} : { column }).texts;
}

/**
 * The row rules every text source shares: an empty text is an error naming its row, unless
 * `skipEmpty` (then `kept` lists the rows kept) or `allowEmpty`; no rows at all is an error.
 */
export function keepTexts(name: string, raw: readonly { text: string; at: number }[], where: (at: number) => string, options: TextOptions = {}): TextRows {
  if (raw.length === 0) throw new SaeError("E_ARG", `${name}: no texts in the file`);
  if (options.allowEmpty) return { texts: raw.map((r) => r.text) };
  const empty = raw.findIndex((r) => r.text.trim() === "");
  if (empty < 0) return { texts: raw.map((r) => r.text) };
  if (!options.skipEmpty) {
    const count = raw.filter((r) => r.text.trim() === "").length;
    throw new SaeError(
      "E_ARG",
      `${name}: ${where(raw[empty]!.at)} is empty${count > 1 ? ` (and ${count - 1} more)` : ""}; every row must hold a text so that rows line up with the source (remove it, or skip empty rows explicitly)`,
      { fix: { option: "skipEmpty", example: "true" } },
    );
  }
  const kept: number[] = [];
  raw.forEach((r, i) => {
    if (r.text.trim() !== "") kept.push(i);
  });
  if (kept.length === 0) throw new SaeError("E_ARG", `${name}: every text is empty`);
  return { texts: kept.map((i) => raw[i]!.text), kept };
}

/**
 * Every field of every record of a CSV/TSV, JSON or JSONL file (the columns beside the texts, as
 * metadata), in the rows readTextRows counts; undefined for plain text, which has none.
 */
export function readRecords(name: string, content: string): Record<string, unknown>[] | undefined {
  const format = formatOf(name);
  if (format === ".csv" || format === ".tsv") {
    const [header, ...rows] = parseCsv(content, format === ".tsv" ? "\t" : ",");
    if (!header) throw new SaeError("E_FORMAT", `${name}: empty file (no header row, no texts)`);
    return rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? null])));
  }
  if (format === ".txt") return undefined;
  // readTextRows has parsed the file already: what it accepted parses here too.
  const objects =
    format === ".json"
      ? (JSON.parse(content) as unknown[])
      : content
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as unknown);
  return objects.map((o) => (o && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>) : {}));
}
