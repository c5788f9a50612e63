import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { importNodeFlags, runsWith } from './import-heap';

/**
 * Loaded first by the CLI. When the CLI is the program run and its command is an import that wants Node flags
 * this process was not started with (see importNodeFlags), runs the CLI again under them on the same terminal
 * and exits with its code, before the rest of the CLI's code is loaded here.
 */
function relaunch(): void {
  const main = require.main?.filename;
  if (main === undefined || main.replace(/\.[cm]?[jt]s$/, '') !== join(__dirname, 'cli')) return;
  const flags = importNodeFlags(process.argv.slice(2));
  if (flags.length === 0 || runsWith(flags)) return;
  const run = spawnSync(process.execPath, [...process.execArgv, ...flags, main, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.error) {
    process.stderr.write(`Failed: ${run.error.message}\n`);
    process.exit(1);
  }
  // Stopped by a signal (Ctrl-C reaches both processes): the shell's convention, 128 + its number.
  process.exit(run.status ?? 128 + (run.signal ? constants.signals[run.signal] : 0));
}

relaunch();
