/**
 * One import of `npm run bench:import`, in a process of its own so that its peak RSS is the import's alone:
 *
 *   node dist/bench/import-child.js cli <format> <file> <handle>   the CLI's `import <format> <file> --user <handle>`
 *   node dist/bench/import-child.js writer <count> <handle>         the reference: <count> logs straight into
 *                                                                   ProgressLogWriter.importMany, 1,000 per call,
 *                                                                   in one transaction, with no file to read
 *
 * DATABASE_URL names the database. Sends its parent the time taken, the CPU time this process spent in that while
 * (user and system, of every thread: the driver's work included), the peak RSS and the CLI's output.
 */
import 'reflect-metadata';
import { runCli } from '../src/cli';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { GoalService } from '../src/modules/goal/goal.service';
import { ProgressLogWriter } from '../src/modules/log/log.writer';
import { createServices } from '../src/services';

/** Peak resident memory of this process so far, in MB. */
const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function writer(count: number, handle: string): Promise<{ ms: number; out: string[] }> {
  const db = await Database.open(loadConfig().database);
  try {
    const services = createServices(db, systemClock);
    const user = (await services.users.findByHandle(handle))!;
    const goal = await services.goals.create(user, { title: 'Reference', kind: 'HABIT', startDate: '1990-01-01' });
    const logWriter = new ProgressLogWriter(db, systemClock, new GoalService(db, systemClock), services.outbox);
    const start = performance.now();
    let created = 0;
    await db.write(async (em) => {
      const first = Date.parse('1990-01-01T00:00:00Z');
      for (let i = 0; i < count; i += 1000) {
        const items = Array.from({ length: Math.min(1000, count - i) }, (_, j) => {
          const n = i + j;
          // Ten logs a day from 1990 on, dated as the files date theirs.
          const date = new Date(first + Math.floor(n / 10) * 86_400_000).toISOString().slice(0, 10);
          return {
            draft: { goalId: goal.id, date, value: 1 + (n % 7), note: n % 10 === 0 ? `note ${n}` : null },
            key: `ref-${n}`,
            where: `item ${n}`,
          };
        });
        created += (await logWriter.importMany(em, user, 'bench', items)).created;
      }
    });
    return { ms: performance.now() - start, out: [`logs\t${created}`] };
  } finally {
    await db.close();
  }
}

async function cli(format: string, file: string, handle: string): Promise<{ ms: number; out: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const start = performance.now();
  const code = await runCli(
    ['import', format, file, '--user', handle],
    process.env,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`import ${format} ${file} exited with ${code}: ${err.join('\n')}`);
  return { ms, out };
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const loadedMb = peakMb();
  const cpuBefore = process.cpuUsage();
  const result = mode === 'writer' ? await writer(Number(args[0]), args[1]) : await cli(args[0], args[1], args[2]);
  const cpu = process.cpuUsage(cpuBefore);
  process.send!({ ...result, cpuMs: (cpu.user + cpu.system) / 1000, loadedMb, peakMb: peakMb() });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench import failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
