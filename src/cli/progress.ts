// Progress on the terminal: a bar with rate and ETA on a TTY, a plain line every few seconds
// otherwise, nothing with --quiet.
export interface Progress {
  update(done: number, total: number, extra?: string): void;
  done(message?: string): void;
}

export function progress(label: string, stream: { isTTY?: boolean; write(s: string): unknown }, quiet: boolean): Progress {
  const start = performance.now();
  let lastLine = 0;
  const fmt = (s: number) =>
    s >= 60
      ? `${Math.floor(s / 60)}m${Math.round(s % 60)
          .toString()
          .padStart(2, "0")}s`
      : `${s.toFixed(0)}s`;
  return {
    update(done, total, extra = "") {
      if (quiet) return;
      const now = performance.now();
      const secs = (now - start) / 1000;
      const rate = done / Math.max(secs, 1e-9);
      const eta = rate > 0 ? (total - done) / rate : 0;
      if (stream.isTTY) {
        const width = 30,
          fill = Math.round((width * done) / Math.max(1, total));
        stream.write(`\r${label} [${"#".repeat(fill)}${".".repeat(width - fill)}] ${done}/${total} ${rate.toFixed(1)}/s ETA ${fmt(eta)} ${extra}\x1b[K`);
      } else if (now - lastLine >= 2000 || done === total) {
        lastLine = now;
        stream.write(`${label}: ${done}/${total} (${rate.toFixed(1)}/s, ETA ${fmt(eta)})${extra ? ` ${extra}` : ""}\n`);
      }
    },
    done(message) {
      if (quiet) return;
      if (stream.isTTY) stream.write("\n");
      if (message) stream.write(`${message}\n`);
    },
  };
}
