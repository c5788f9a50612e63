import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The old generation's base size for a streaming import, in MB: the code, one chunk, the goals and the driver. */
const BASE_OLD_SPACE_MB = 96;
/**
 * Per MB of the file: what a spreadsheet keeps per row until its end (its content's digest, to number repeats),
 * about 110 bytes a row, for rows as short as 15 bytes.
 */
const OLD_SPACE_MB_PER_FILE_MB = 8;

/**
 * The Node flags an `import` command runs under (the CLI starts itself again with them), or none for other
 * commands. Under an import's allocation rate V8 lets the heap grow far past what is alive (40-80 MB), to about
 * 230 MB of RSS for 100,000 rows. Small semi-spaces (2 MB) and an old generation sized from the file keep it near
 * 130 MB; the price is more time collecting garbage (in CPU profiles, 20-30% of an import instead of 11-15%).
 * Only the formats that stream get a limit on the old generation (a spreadsheet and a Loop backup): hoego's JSON
 * and Loop's CSV zip or folder are read whole, so what they hold alive is not a fixed share of the file, and a
 * limit could stop them.
 */
export function importNodeFlags(argv: readonly string[]): string[] {
  if (argv[0] !== 'import' || argv.includes('--help') || argv.includes('-h')) return [];
  const flags = ['--max-semi-space-size=2'];
  const format = argv[1];
  const file = argv[2];
  if (file === undefined || file.startsWith('-')) return flags;
  let bytes;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return flags;
    bytes = stat.size;
  } catch {
    return flags;
  }
  if (format === 'csv' || (format === 'loop' && isSqlite(file)))
    flags.push(`--max-old-space-size=${BASE_OLD_SPACE_MB + Math.ceil((OLD_SPACE_MB_PER_FILE_MB * bytes) / 2 ** 20)}`);
  return flags;
}

/** Whether this process already runs under every one of `flags`. */
export function runsWith(flags: readonly string[], execArgv: readonly string[] = process.execArgv): boolean {
  return flags.every((flag) => execArgv.includes(flag));
}

/** Whether the file starts as an SQLite database does (a Loop backup, read a row at a time). */
function isSqlite(file: string): boolean {
  const head = Buffer.alloc(16);
  let fd;
  try {
    fd = openSync(file, 'r');
    readSync(fd, head, 0, 16, 0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return head.toString('latin1') === 'SQLite format 3\u0000';
}
