// First: an import may start the CLI again under its heap settings, before the rest is loaded.
import './cli-relaunch';
import 'reflect-metadata';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from './clock';
import { ConfigError, loadConfig, parseDatabaseUrl, type Config } from './config';
import { backupSqlite, copyDatabase } from './db/copy';
import { Database } from './db/database';
import { AppError, ErrorCode } from './errors';
import { fromGlobalId, toGlobalId } from './graphql/relay';
import { fileText, type ImportSummary } from './modules/transfer/import.common';
import { readLoopCsv, readLoopFile } from './modules/transfer/loop.read';
import { progressBar, type ProgressStream } from './progress-bar';
import { createServices, type Services } from './services';

interface Command {
  usage: string;
  summary: string;
  options?: Record<string, { type: 'string' | 'boolean'; help: string }>;
  positionals: string[];
  /** False for commands that open their own databases. */
  opensDatabase?: boolean;
  run(ctx: {
    services: Services;
    db: Database;
    config: Config;
    args: string[];
    options: Record<string, string | boolean | undefined>;
    out: (line: string) => void;
    /** Where a progress bar may be drawn (stderr when run from a shell; drawn only on a terminal). */
    progress?: ProgressStream;
  }): Promise<void>;
}

/** The instant `lifetime` ("90d", "12h") after `now`. */
function expiryIn(lifetime: string, now: Date): Date {
  const match = /^(\d{1,5})([dh])$/.exec(lifetime);
  if (!match || Number(match[1]) === 0) {
    throw new UsageError(`--expires-in must be a number of days or hours, e.g. 90d or 12h, got "${lifetime}"`);
  }
  return new Date(now.getTime() + Number(match[1]) * (match[2] === 'd' ? 86_400_000 : 3_600_000));
}

const COMMANDS: Record<string, Command> = {
  'users create': {
    usage: 'users create <handle> --time-zone <IANA> [--day-starts-at HH:MM] [--name "Display Name"]',
    summary: 'Create a user and print a new write token (the last line).',
    positionals: ['handle'],
    options: {
      'time-zone': { type: 'string', help: 'IANA time zone, e.g. Asia/Seoul (required)' },
      'day-starts-at': { type: 'string', help: 'local time the day begins, HH:MM (default 00:00)' },
      name: { type: 'string', help: 'display name (default: the handle)' },
    },
    async run({ services, args, options, out }) {
      if (typeof options['time-zone'] !== 'string') throw new UsageError('--time-zone is required, e.g. --time-zone Asia/Seoul');
      const user = await services.users.create({
        handle: args[0],
        timeZone: options['time-zone'],
        dayStartsAt: options['day-starts-at'] as string | undefined,
        displayName: options.name as string | undefined,
      });
      const { secret } = await services.tokens.create(user.id, 'cli', ['read', 'write']);
      out(
        `Created user ${user.handle} (id ${user.id}, ${toGlobalId('User', user.id)}) in ${user.timeZone}, day starts at ${user.dayStartsAt}.`,
      );
      out('Write token (shown once; send it as "Authorization: Bearer <token>"):');
      out(secret);
    },
  },
  'users list': {
    usage: 'users list',
    summary: 'List users.',
    positionals: [],
    async run({ services, out }) {
      const users = await services.users.list();
      if (users.length === 0) out('No users yet. Create one with: users create <handle> --time-zone <IANA>');
      for (const u of users) out(`${u.id}\t${u.handle}\t${u.displayName}\t${u.timeZone}\t${u.dayStartsAt}`);
    },
  },
  'users delete': {
    usage: 'users delete <handle>',
    summary: 'Delete a user and everything they own; their tokens and report links stop working. Export first (GET /export.json).',
    positionals: ['handle'],
    async run({ services, args, out }) {
      const user = await services.users.findByHandle(args[0]);
      if (!user) throw new UsageError(`No user with handle "${args[0]}"`);
      const { handle, rows } = await services.accounts.delete(user.id, args[0]);
      out(`Deleted ${handle} and ${rows - 1} rows they owned.`);
    },
  },
  'tokens create': {
    usage: 'tokens create <handle> [--read-only] [--name NAME] [--expires-in 90d]',
    summary: 'Create a token for a user and print it (the last line).',
    positionals: ['handle'],
    options: {
      'read-only': { type: 'boolean', help: 'the token may only read' },
      name: { type: 'string', help: 'name to recognise the token by (default "cli")' },
      'expires-in': { type: 'string', help: 'lifetime in days or hours, e.g. 90d or 12h (default: never expires)' },
    },
    async run({ services, args, options, out }) {
      const user = await services.users.findByHandle(args[0]);
      if (!user) throw new UsageError(`No user with handle "${args[0]}"`);
      const scopes = options['read-only'] ? (['read'] as const) : (['read', 'write'] as const);
      const expiresAt = options['expires-in'] === undefined ? null : expiryIn(String(options['expires-in']), systemClock.now());
      const name = (options.name as string | undefined) ?? 'cli';
      const { secret, token } = await services.tokens.create(user.id, name, [...scopes], expiresAt);
      const until = token.expiresAt ? `, expires ${token.expiresAt.toISOString()}` : '';
      out(`Created ${token.scopes.replace(',', '+')} token ${token.id} "${token.name}" for ${user.handle}${until} (shown once):`);
      out(secret);
    },
  },
  'tokens list': {
    usage: 'tokens list <handle>',
    summary: "List a user's tokens (never their secrets).",
    positionals: ['handle'],
    async run({ services, args, out }) {
      const user = await services.users.findByHandle(args[0]);
      if (!user) throw new UsageError(`No user with handle "${args[0]}"`);
      for (const t of await services.tokens.list(user.id)) {
        const state = t.revokedAt
          ? `revoked ${t.revokedAt.toISOString()}`
          : t.expiresAt
            ? `${t.expiresAt <= systemClock.now() ? 'expired' : 'expires'} ${t.expiresAt.toISOString()}`
            : 'active';
        out(`${t.id}\t${t.name}\t${t.tokenPrefix}…\t${t.scopes}\t${state}\tlast used ${t.lastUsedAt?.toISOString() ?? 'never'}`);
      }
    },
  },
  'tokens revoke': {
    usage: 'tokens revoke <id>',
    summary: 'Revoke a token by its number (from tokens list) or global ID.',
    positionals: ['id'],
    async run({ services, args, out }) {
      const raw = args[0];
      const id = /^\d+$/.test(raw) ? Number(raw) : fromGlobalId(raw)?.type === 'ApiToken' ? fromGlobalId(raw)!.id : NaN;
      if (!Number.isSafeInteger(id)) throw new UsageError(`"${raw}" is not a token id`);
      const token = await services.tokens.revokeAny(id);
      out(`Revoked token ${token.id} "${token.name}" at ${token.revokedAt!.toISOString()}.`);
    },
  },
  'import hoego': {
    usage: 'import hoego <file> --user <handle> [--dry-run]',
    summary: "Restore a file from GET /export.json into a user's account that has no goals yet, in one transaction, and print a summary.",
    positionals: ['file'],
    options: {
      user: { type: 'string', help: 'handle of the account to import into (required)' },
      'dry-run': { type: 'boolean', help: 'check the file and count what it holds, keeping nothing' },
    },
    async run({ services, args, options, out, progress }) {
      const { user, text } = await importInput(services, args[0], options);
      const bar = progressBar(progress, `import ${basename(args[0])}`);
      let summary;
      try {
        summary = await services.imports.importHoego(user.id, args[0], text, {
          dryRun: options['dry-run'] === true,
          onProgress: bar.update,
        });
      } finally {
        bar.finish();
      }
      printSummary(out, args[0], user.handle, summary);
    },
  },
  'import csv': {
    usage: 'import csv <file> --user <handle> [--kind HABIT|TARGET|MILESTONES] [--dry-run]',
    summary:
      'Import a spreadsheet of logs (columns date or occurredAt, goal, value, note: what GET /export.csv writes) in one transaction; goals missing by title are created.',
    positionals: ['file'],
    options: {
      user: { type: 'string', help: 'handle of the account to import into (required)' },
      kind: { type: 'string', help: 'kind of the goals the file names that do not exist yet (default HABIT)' },
      'dry-run': { type: 'boolean', help: 'check the file and count what it holds, keeping nothing' },
    },
    async run({ services, args, options, out, progress }) {
      const user = await importUser(services, options);
      const kind = options.kind as string | undefined;
      readable(args[0]);
      const bar = progressBar(progress, `import ${basename(args[0])}`);
      let summary;
      try {
        summary = await services.spreadsheets.run(user, args[0], fileText(args[0]), {
          dryRun: options['dry-run'] === true,
          kind,
          onProgress: bar.update,
        });
      } finally {
        bar.finish();
      }
      printSummary(out, args[0], user.handle, summary);
    },
  },
  'import loop': {
    usage: 'import loop <file|folder> --user <handle> [--dry-run]',
    summary:
      "Import Loop Habit Tracker's full backup (.db), its CSV export (.zip) or the unzipped folder, in one transaction; habits become HABIT goals.",
    positionals: ['file'],
    options: {
      user: { type: 'string', help: 'handle of the account to import into (required)' },
      'dry-run': { type: 'boolean', help: 'check the file and count what it holds, keeping nothing' },
    },
    async run({ services, args, options, out, progress }) {
      const user = await importUser(services, options);
      let loop;
      try {
        loop = statSync(args[0]).isDirectory() ? readLoopCsv(args[0], readFolder(args[0])) : readLoopFile(args[0], args[0]);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new UsageError(`Cannot read ${args[0]}: ${(error as Error).message}`);
      }
      const bar = progressBar(progress, `import ${basename(args[0])}`);
      let summary;
      try {
        summary = await services.loop.run(user, args[0], loop, { dryRun: options['dry-run'] === true, onProgress: bar.update });
      } finally {
        bar.finish();
      }
      printSummary(out, args[0], user.handle, summary);
    },
  },
  'db migrate': {
    usage: 'db migrate',
    summary: 'Apply pending migrations.',
    positionals: [],
    async run({ db, out }) {
      const pending = await db.pendingMigrations();
      await db.migrate();
      out(pending.length ? `Applied ${pending.join(', ')}.` : 'Nothing to apply: the database is up to date.');
    },
  },
  'db revert': {
    usage: 'db revert',
    summary: 'Undo the last applied migration.',
    positionals: [],
    async run({ db, out }) {
      await db.revert();
      out('Reverted the last migration.');
    },
  },
  'db status': {
    usage: 'db status',
    summary: 'Show which migrations are applied.',
    positionals: [],
    async run({ db, out }) {
      const pending = new Set(await db.pendingMigrations());
      for (const m of db.dataSource.migrations) out(`${pending.has(m.name!) ? 'pending' : 'applied'}\t${m.name}`);
    },
  },
  'db backup': {
    usage: 'db backup <file>',
    summary:
      'Write a consistent copy of the SQLite database to <file>, safe while the server runs (PostgreSQL: prints the pg_dump command).',
    positionals: ['file'],
    opensDatabase: false,
    async run({ args, out, config }) {
      if (config.database.kind === 'postgres') {
        out('PostgreSQL databases are backed up with pg_dump, for example:');
        // The password stays out of the output (and so out of shell history and logs): pg_dump reads PGPASSWORD.
        const url = new URL(config.database.url);
        const hasPassword = url.password !== '';
        url.password = '';
        if (hasPassword) out('(with the password in the PGPASSWORD environment variable)');
        out(`pg_dump --format=custom --file=${JSON.stringify(args[0])} ${JSON.stringify(url.toString())}`);
        throw new NotDoneError();
      }
      const db = await Database.open(config.database);
      try {
        const { totalPages } = await backupSqlite(db, args[0]);
        out(`Backed up ${totalPages} pages to ${args[0]}.`);
      } finally {
        await db.close();
      }
    },
  },
  'db copy': {
    usage: 'db copy --from <url> --to <url>',
    summary: 'Copy everything from one database to another, empty one (e.g. SQLite to PostgreSQL), then verify counts and checksums.',
    positionals: [],
    options: {
      from: { type: 'string', help: 'source DATABASE_URL, e.g. sqlite:./data/hoego.db' },
      to: { type: 'string', help: 'target DATABASE_URL, e.g. postgres://user@host/hoego (migrated here if new)' },
    },
    opensDatabase: false,
    async run({ options, out }) {
      const parse = (name: 'from' | 'to') => {
        const raw = options[name];
        if (typeof raw !== 'string') throw new UsageError(`--${name} <url> is required`);
        const parsed = parseDatabaseUrl(raw);
        if (typeof parsed === 'string') throw new UsageError(`--${name}: ${parsed}`);
        return parsed;
      };
      const [from, to] = [parse('from'), parse('to')];
      const source = await Database.open(from);
      try {
        const target = await Database.open(to, { migrate: true });
        try {
          const reports = await copyDatabase(source, target, out);
          for (const r of reports)
            out(`${r.ok ? 'ok  ' : 'FAIL'}\t${r.table}\t${r.sourceRows} -> ${r.targetRows} rows\tsha256 ${r.targetChecksum.slice(0, 16)}`);
          if (reports.some((r) => !r.ok))
            throw new AppError(ErrorCode.CONFLICT, 'The copy does not match its source; see the FAIL rows above');
          out(`Copied and verified ${reports.length} tables.`);
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    },
  },
};

/** The account an import command names with --user. */
async function importUser(services: Services, options: Record<string, string | boolean | undefined>) {
  if (typeof options.user !== 'string') throw new UsageError('--user <handle> is required');
  const user = await services.users.findByHandle(options.user);
  if (!user) throw new UsageError(`No user with handle "${options.user}"`);
  return user;
}

/** Every file under a folder, by its path relative to it with `/` between parts. */
function readFolder(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(folder, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

/** Fails with a usage error when the file cannot be read. */
function readable(file: string): void {
  try {
    accessSync(file, constants.R_OK);
    if (statSync(file).isDirectory()) throw new Error('it is a folder');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The account and the file's text of an import command. */
async function importInput(services: Services, file: string, options: Record<string, string | boolean | undefined>) {
  const user = await importUser(services, options);
  try {
    return { user, text: readFileSync(file, 'utf8') };
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function printSummary(out: (line: string) => void, file: string, handle: string, summary: ImportSummary): void {
  for (const [what, count] of Object.entries(summary.created)) out(`${what}\t${count}`);
  for (const [what, count] of Object.entries(summary.matched)) out(`${what} already there\t${count}`);
  for (const skipped of summary.skipped) out(`skipped\t${skipped.where}\t${skipped.reason}`);
  out(summary.dryRun ? `Dry run: ${file} is fine; nothing was kept.` : `Imported ${file} into ${handle}.`);
}

class UsageError extends Error {}

/** A command that could not do what was asked and said why (exit code 2). */
class NotDoneError extends Error {}

function help(): string {
  const lines = ['Usage: npm run --silent cli -- <command> [options]', '', 'Commands:'];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', 'Each command takes --help. The database is the one DATABASE_URL names (default sqlite:./data/hoego.db).');
  return lines.join('\n');
}

function commandHelp(c: Command): string {
  const lines = [`Usage: npm run --silent cli -- ${c.usage}`, '', c.summary];
  for (const [name, o] of Object.entries(c.options ?? {})) lines.push(`  --${name}${o.type === 'string' ? ' <value>' : ''}  ${o.help}`);
  return lines.join('\n');
}

/**
 * Runs one CLI command; returns the exit code. Output goes through `out`/`err` so tests can capture it; imports
 * draw their progress bar on `progress` when it is a terminal.
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (l: string) => void,
  err: (l: string) => void,
  progress?: ProgressStream,
): Promise<number> {
  const name = argv.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (!command) {
    if (argv.length > 0 && !['--help', '-h', 'help'].includes(argv[0])) err(`Unknown command "${argv.join(' ')}".\n`);
    (argv.length === 0 || ['--help', '-h', 'help'].includes(argv[0]) ? out : err)(help());
    return argv.length === 0 || ['--help', '-h', 'help'].includes(argv[0]) ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(2),
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.entries(command.options ?? {}).map(([k, o]) => [k, { type: o.type }])),
      },
    });
  } catch (e) {
    err(`${(e as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  if (parsed.values.help) {
    out(commandHelp(command));
    return 0;
  }
  if (parsed.positionals.length !== command.positionals.length) {
    err(`Expected ${command.positionals.map((p) => `<${p}>`).join(' ') || 'no arguments'}.\n\n${commandHelp(command)}`);
    return 2;
  }
  let db: Database | null = null;
  try {
    const config = loadConfig(env);
    if (command.opensDatabase === false) {
      await command.run({ services: null as never, db: null as never, config, args: parsed.positionals, options: parsed.values, out });
      return 0;
    }
    db = await Database.open(config.database, { migrate: !name.startsWith('db ') });
    await command.run({
      services: createServices(db, systemClock),
      db,
      config,
      args: parsed.positionals,
      options: parsed.values,
      out,
      progress,
    });
    return 0;
  } catch (e) {
    if (e instanceof NotDoneError) return 2;
    if (e instanceof UsageError || e instanceof AppError || e instanceof ConfigError) {
      err(e.message);
      return e instanceof UsageError ? 2 : 1;
    }
    // Anything else (a database that cannot be reached, a disk error): the message, without a stack trace.
    err(`Failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await db?.close();
  }
}

if (require.main === module) {
  runCli(
    process.argv.slice(2),
    process.env,
    (l) => process.stdout.write(`${l}\n`),
    (l) => process.stderr.write(`${l}\n`),
    process.stderr,
  ).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
