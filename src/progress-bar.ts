/** Where a progress bar is drawn: a terminal's stream (process.stderr), or a stand-in with the same members. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Imports of at most this many logs finish too soon for a bar to tell anything. */
export const PROGRESS_MIN_LOGS = 5000;

const WIDTH = 30;

/**
 * A bar on one line of a terminal, redrawn in place (`\r`) each time the whole percentage changes:
 * `import history.csv [###########-------------------]  37% 37,000/100,000 logs`. Nothing is drawn when the stream is
 * not a terminal (output piped to a file stays clean) or for a total of at most PROGRESS_MIN_LOGS. `finish` ends the
 * line, so that what is printed next starts on a line of its own.
 */
export function progressBar(
  stream: ProgressStream | undefined,
  label: string,
): { update: (done: number, total: number) => void; finish: () => void } {
  let shown = -1;
  return {
    update: (done, total) => {
      if (stream?.isTTY !== true || total <= PROGRESS_MIN_LOGS) return;
      const percent = Math.min(100, Math.floor((done / total) * 100));
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round((percent / 100) * WIDTH);
      const count = `${done.toLocaleString('en')}/${total.toLocaleString('en')} logs`;
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${count}`;
      // Cut to the terminal's width, so that a long file name cannot wrap the line and break the redraw.
      stream.write(`\r${stream.columns ? line.slice(0, stream.columns - 1) : line}`);
    },
    finish: () => {
      if (shown >= 0) stream?.write('\n');
      shown = -1;
    },
  };
}
