/**
 * `npm run build`, and what `npm start` runs first: compiles to dist/ with tsc, incrementally, and not at all when
 * dist/ was built from exactly the sources present. The stamp is a hash of every input's path, size and mtime,
 * so an edited, added or deleted source file (or a changed tsconfig or lockfile) rebuilds; `--force` always does.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const STAMP = join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'migrations', 'bench', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function* files(path) {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    yield [path, stat];
    return;
  }
  for (const entry of readdirSync(path).sort()) yield* files(join(path, entry));
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const [path, stat] of files(join(root, input))) hash.update(`${relative(root, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const before = fingerprint();
if (!force && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === before && existsSync(join(root, 'dist', 'src', 'main.js'))) {
  process.exit(0);
}
rmSync(STAMP, { force: true });
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const args = [tsc, '-p', join(root, 'tsconfig.build.json'), '--incremental', '--tsBuildInfoFile', join(root, 'dist', '.tsbuildinfo')];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);
mkdirSync(join(root, 'dist'), { recursive: true });
// Stamped with the fingerprint taken before compiling: a file saved during the build makes the next start rebuild.
writeFileSync(STAMP, before);
