// Progress on the terminal: a bar with rate and ETA on a TTY, a plain line every few seconds
// otherwise, nothing with --quiet.
export interface Progress {
  update(done: number, total: number, extra?: string): void;
  /** `done` units were done before this run (kept from a stopped one): the rate and ETA count only the work after them. */
  resumed(done: number): void;
  done(message?: string): void;
}

export function progress(label: string, stream: { isTTY?: boolean; write(s: string): unknown }, quiet: boolean): Progress {
  let start = performance.now(),
    base = 0;
  // The first line is always written (performance.now() counts from the process's start, so 0 would hold it back for 2 s).
  let lastLine = Number.NEGATIVE_INFINITY;
  // A run too long to estimate (or a rate not yet known) shows "?", never "InfinitymNaNs".
  const fmt = (s: number) =>
    !Number.isFinite(s) || s > 99 * 86_400
      ? "?"
      : s >= 60
        ? `${Math.floor(s / 60)}m${Math.round(s % 60)
            .toString()
            .padStart(2, "0")}s`
        : `${s.toFixed(0)}s`;
  return {
    update(done, total, extra = "") {
      if (quiet) return;
      const now = performance.now();
      const secs = (now - start) / 1000;
      const rate = Math.max(0, done - base) / Math.max(secs, 1e-9);
      const eta = done >= total ? 0 : rate > 0 ? (total - done) / rate : Infinity;
      if (stream.isTTY) {
        const width = 30,
          fill = Math.round((width * done) / Math.max(1, total));
        stream.write(`\r${label} [${"#".repeat(fill)}${".".repeat(width - fill)}] ${done}/${total} ${rate.toFixed(1)}/s ETA ${fmt(eta)} ${extra}\x1b[K`);
      } else if (now - lastLine >= 2000 || done === total) {
        lastLine = now;
        stream.write(`${label}: ${done}/${total} (${rate.toFixed(1)}/s, ETA ${fmt(eta)})${extra ? ` ${extra}` : ""}\n`);
      }
    },
    resumed(done) {
      start = performance.now();
      base = done;
    },
    done(message) {
      if (quiet) return;
      if (stream.isTTY) stream.write("\n");
      if (message) stream.write(`${terminalSafe(message)}\n`);
    },
  };
}

/**
 * Text from a corpus, a checkpoint or the command line made safe to print: control characters
 * (C0 but the newlines meant as such, DEL, C1, ESC) and the bidirectional overrides a file could
 * use to hide or reorder what the terminal shows are written out as \xNN / \uNNNN instead of run.
 */
export function terminalSafe(text: string, { newlines = true } = {}): string {
  return text.replace(newlines ? UNSAFE : UNSAFE_OR_NEWLINE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_OR_NEWLINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A one-line preview of a text: whitespace and line breaks collapsed to single spaces, cut at `max` characters. */
export function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
