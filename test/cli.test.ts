import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../src/app';
import { runCli } from '../src/cli';
import { loadConfig } from '../src/config';
import { toGlobalId } from '../src/graphql/relay';
import { MIGRATIONS } from '../src/db/migrations';
import { scratchDatabase } from './db';
import { CREATE_GOAL, errorCode, gqlOn, ok } from './helpers';

const VIEWER = /* GraphQL */ `
  query {
    viewer {
      id
      handle
      displayName
      timeZone
      dayStartsAt
    }
  }
`;

interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

describe('command line', () => {
  let dir: string;
  let databaseUrl: string;
  let app: App;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoego-cli-'));
    databaseUrl = `sqlite:${join(dir, 'hoego.db')}`;
    app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }));
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(argv: string[], url = databaseUrl): Promise<CliResult> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { DATABASE_URL: url },
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  }

  /** Runs a command that must succeed and returns its output lines. */
  async function cliOk(...argv: string[]): Promise<string[]> {
    const result = await cli(argv);
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: [] });
    return result.out;
  }

  const last = (lines: string[]) => lines[lines.length - 1];

  const gql = (token: string, query: string, variables?: Record<string, unknown>) => gqlOn(app, token, query, variables);

  /** Token ids listed by `tokens list`, by the first column. */
  async function tokenLines(handle: string): Promise<string[][]> {
    return (await cliOk('tokens', 'list', handle)).map((line) => line.split('\t'));
  }

  describe('users create', () => {
    it('creates the user and prints a working write token as the last line', async () => {
      const out = await cliOk('users', 'create', 'jun', '--time-zone', 'Asia/Seoul', '--day-starts-at', '04:00', '--name', 'Jun');
      const token = last(out);
      expect(token).toMatch(/^hoego_\S+$/);
      expect(out.slice(0, -1).join('\n')).toContain('jun');

      const data = ok(await gql(token, VIEWER));
      expect(data.viewer).toMatchObject({ handle: 'jun', displayName: 'Jun', timeZone: 'Asia/Seoul', dayStartsAt: '04:00' });
      const user = await app.services.users.findByHandle('jun');
      expect(data.viewer.id).toBe(toGlobalId('User', user!.id));

      // It is a write token.
      const created = ok(await gql(token, CREATE_GOAL, { input: { title: 'From the CLI token', kind: 'TARGET', target: 3 } }));
      expect(created.createGoal.goal.title).toBe('From the CLI token');
    });

    it('defaults the display name to the handle and the day start to 00:00', async () => {
      const token = last(await cliOk('users', 'create', 'plain', '--time-zone', 'Europe/Berlin'));
      const data = ok(await gql(token, VIEWER));
      expect(data.viewer).toMatchObject({ handle: 'plain', displayName: 'plain', timeZone: 'Europe/Berlin', dayStartsAt: '00:00' });
    });

    it('fails with a message naming timeZone for a bad time zone, and creates no user', async () => {
      const result = await cli(['users', 'create', 'martian', '--time-zone', 'Mars/Olympus_Mons']);
      expect(result.code).not.toBe(0);
      expect(result.err.join('\n')).toContain('timeZone');
      expect(result.out).toEqual([]);
      expect(await app.services.users.findByHandle('martian')).toBeNull();
    });

    it('fails when --time-zone is missing', async () => {
      const result = await cli(['users', 'create', 'nozone']);
      expect(result.code).not.toBe(0);
      expect(result.err.join('\n')).toContain('--time-zone');
      expect(await app.services.users.findByHandle('nozone')).toBeNull();
    });

    it('fails for a handle that is taken', async () => {
      await cliOk('users', 'create', 'twice', '--time-zone', 'UTC');
      const result = await cli(['users', 'create', 'twice', '--time-zone', 'UTC']);
      expect(result.code).not.toBe(0);
      expect(result.err.join('\n')).toMatch(/taken/);
    });
  });

  describe('users list', () => {
    it('lists the users with their handle, name, zone and day start', async () => {
      await cliOk('users', 'create', 'lister-a', '--time-zone', 'Asia/Tokyo', '--name', 'Lister A');
      await cliOk('users', 'create', 'lister-b', '--time-zone', 'America/New_York', '--day-starts-at', '05:30');
      const out = await cliOk('users', 'list');
      const rows = out.map((line) => line.split('\t'));
      const a = rows.find((r) => r[1] === 'lister-a');
      const b = rows.find((r) => r[1] === 'lister-b');
      expect(a?.slice(1)).toEqual(['lister-a', 'Lister A', 'Asia/Tokyo', '00:00']);
      expect(b?.slice(1)).toEqual(['lister-b', 'lister-b', 'America/New_York', '05:30']);
      expect(Number(a![0])).toBeLessThan(Number(b![0]));
      expect(out.join('\n')).not.toMatch(/hoego_/);
    });
  });

  describe('tokens create', () => {
    it('--read-only prints a token as the last line that can read but not write', async () => {
      const writeToken = last(await cliOk('users', 'create', 'reader', '--time-zone', 'UTC'));
      const out = await cliOk('tokens', 'create', 'reader', '--read-only');
      const readOnly = last(out);
      expect(readOnly).toMatch(/^hoego_\S+$/);
      expect(readOnly).not.toBe(writeToken);

      expect(ok(await gql(readOnly, VIEWER)).viewer.handle).toBe('reader');
      const res = await gql(readOnly, CREATE_GOAL, { input: { title: 'Not allowed', kind: 'TARGET', target: 1 } });
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(ok(await gql(writeToken, '{ goals { totalCount } }')).goals.totalCount).toBe(0);
    });

    it('without --read-only prints a write token, with the given --name', async () => {
      await cliOk('users', 'create', 'writer', '--time-zone', 'UTC');
      const token = last(await cliOk('tokens', 'create', 'writer', '--name', 'laptop'));
      ok(await gql(token, CREATE_GOAL, { input: { title: 'Allowed', kind: 'TARGET', target: 1 } }));
      const tokens = ok(await gql(token, '{ viewer { apiTokens { name scopes } } }')).viewer.apiTokens;
      expect(tokens).toContainEqual({ name: 'laptop', scopes: ['READ', 'WRITE'] });
    });

    it('--expires-in 90d prints a token that works and says when it stops', async () => {
      await cliOk('users', 'create', 'expiring', '--time-zone', 'UTC');
      const before = Date.now();
      const out = await cliOk('tokens', 'create', 'expiring', '--name', 'quarter', '--expires-in', '90d');
      const after = Date.now();
      ok(await gql(last(out), VIEWER));
      const tokens = ok(await gql(last(out), '{ viewer { apiTokens { name expiresAt } } }')).viewer.apiTokens;
      const expiresAt = Date.parse(tokens.find((t: { name: string }) => t.name === 'quarter').expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 90 * 86_400_000);
      expect(expiresAt).toBeLessThanOrEqual(after + 90 * 86_400_000);
      expect(out[0]).toContain(`expires ${new Date(expiresAt).toISOString()}`);
      expect((await tokenLines('expiring')).find((line) => line[1] === 'quarter')?.[4]).toBe(
        `expires ${new Date(expiresAt).toISOString()}`,
      );
    });

    it('refuses an --expires-in that is not days or hours, and creates no token', async () => {
      await cliOk('users', 'create', 'unsure', '--time-zone', 'UTC');
      const count = (await tokenLines('unsure')).length;
      for (const bad of ['soon', '0d', '90', '3w']) {
        const result = await cli(['tokens', 'create', 'unsure', '--expires-in', bad]);
        expect(result.code).not.toBe(0);
        expect(result.err.join('\n')).toContain('--expires-in must be a number of days or hours');
      }
      expect(await tokenLines('unsure')).toHaveLength(count);
    });

    it('fails for an unknown handle', async () => {
      const result = await cli(['tokens', 'create', 'nobody-here']);
      expect(result.code).not.toBe(0);
      expect(result.err.join('\n')).toContain('nobody-here');
      expect(result.out).toEqual([]);
    });
  });

  describe('tokens list', () => {
    it("lists the user's tokens without ever printing a secret", async () => {
      const first = last(await cliOk('users', 'create', 'secretive', '--time-zone', 'UTC'));
      const second = last(await cliOk('tokens', 'create', 'secretive', '--read-only', '--name', 'phone'));
      ok(await gql(second, VIEWER));

      const out = await cliOk('tokens', 'list', 'secretive');
      const text = out.join('\n');
      expect(out).toHaveLength(2);
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);
      // Only the short prefix of each secret is shown.
      expect(text).toContain(first.slice(0, 12));
      expect(text).toContain(second.slice(0, 12));
      expect(out[1]).toContain('phone');
      expect(out[1]).toMatch(/\bread\b/);
      expect(out[1]).not.toMatch(/write/);
      expect(out[1]).toMatch(/active/);
      expect(out[1]).not.toMatch(/last used never/);
    });
  });

  describe('tokens revoke', () => {
    it('revokes a token by its number so that it fails from then on', async () => {
      const keep = last(await cliOk('users', 'create', 'revoker', '--time-zone', 'UTC'));
      const doomed = last(await cliOk('tokens', 'create', 'revoker', '--name', 'doomed'));
      ok(await gql(doomed, VIEWER));

      const row = (await tokenLines('revoker')).find((r) => r[1] === 'doomed')!;
      await cliOk('tokens', 'revoke', row[0]);

      const res = await gql(doomed, VIEWER);
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      ok(await gql(keep, VIEWER));
      const after = (await tokenLines('revoker')).find((r) => r[1] === 'doomed')!;
      expect(after.join('\t')).toMatch(/revoked/);
    });

    it('revokes a token by its global ID', async () => {
      await cliOk('users', 'create', 'globalrev', '--time-zone', 'UTC');
      const doomed = last(await cliOk('tokens', 'create', 'globalrev', '--name', 'doomed'));
      const row = (await tokenLines('globalrev')).find((r) => r[1] === 'doomed')!;
      await cliOk('tokens', 'revoke', toGlobalId('ApiToken', Number(row[0])));
      expect(errorCode(await gql(doomed, VIEWER))).toBe('UNAUTHENTICATED');
    });

    it('fails for a token that does not exist', async () => {
      const result = await cli(['tokens', 'revoke', '987654']);
      expect(result.code).not.toBe(0);
      expect(result.err.join('\n')).toContain('987654');
    });
  });

  describe('a new database', () => {
    it('db status lists every migration as pending, db migrate applies them all, and db status then agrees', async () => {
      const fresh = await scratchDatabase();
      try {
        const before = await cli(['db', 'status'], fresh.url);
        expect({ code: before.code, err: before.err }).toEqual({ code: 0, err: [] });
        expect(before.out).toHaveLength(MIGRATIONS.length);
        expect(before.out.every((line) => line.startsWith('pending\t'))).toBe(true);

        const migrate = await cli(['db', 'migrate'], fresh.url);
        expect({ code: migrate.code, err: migrate.err }).toEqual({ code: 0, err: [] });
        expect(migrate.out.join('\n')).toContain(MIGRATIONS[MIGRATIONS.length - 1].name);

        const after = await cli(['db', 'status'], fresh.url);
        expect(after.out).toHaveLength(MIGRATIONS.length);
        expect(after.out.every((line) => line.startsWith('applied\t'))).toBe(true);
        expect((await cli(['db', 'migrate'], fresh.url)).out).toEqual(['Nothing to apply: the database is up to date.']);
      } finally {
        await fresh.drop();
      }
    });
  });

  describe('help and usage errors', () => {
    const COMMANDS: Array<[string, string]> = [
      ['users create', 'users create <handle> --time-zone'],
      ['users list', 'users list'],
      ['tokens create', 'tokens create <handle>'],
      ['tokens list', 'tokens list <handle>'],
      ['tokens revoke', 'tokens revoke <id>'],
      ['db migrate', 'db migrate'],
      ['db revert', 'db revert'],
      ['db status', 'db status'],
    ];

    it.each(COMMANDS)('%s --help exits 0 and prints its usage', async (command, usage) => {
      // A database of its own: `db revert --help` must not be able to touch the shared one.
      const helpDir = mkdtempSync(join(tmpdir(), 'hoego-cli-help-'));
      try {
        const result = await cli([...command.split(' '), '--help'], `sqlite:${join(helpDir, 'hoego.db')}`);
        expect(result.code).toBe(0);
        expect(result.err).toEqual([]);
        const text = result.out.join('\n');
        expect(text).toMatch(/^Usage:/);
        expect(text).toContain(usage);
      } finally {
        rmSync(helpDir, { recursive: true, force: true });
      }
    });

    it('db revert --help does not revert anything', async () => {
      const result = await cli(['db', 'revert', '--help']);
      expect(result.code).toBe(0);
      const status = await cliOk('db', 'status');
      expect(status.length).toBeGreaterThan(0);
      expect(status.every((line) => line.startsWith('applied\t'))).toBe(true);
    });

    it.each([
      ['--help', ['--help']],
      ['help', ['help']],
      ['no arguments', []],
    ])('%s prints the list of commands and exits 0', async (_what, argv: string[]) => {
      const result = await cli(argv);
      expect(result.code).toBe(0);
      const text = result.out.join('\n');
      for (const [, usage] of COMMANDS) expect(text).toContain(usage);
    });

    it('exits 2 for an unknown command, naming it', async () => {
      const result = await cli(['frobnicate', 'everything']);
      expect(result.code).toBe(2);
      expect(result.err.join('\n')).toContain('Unknown command "frobnicate everything"');
      expect(result.out).toEqual([]);
    });

    it('exits 2 for an unknown subcommand', async () => {
      const result = await cli(['users', 'rename', 'jun']);
      expect(result.code).toBe(2);
      expect(result.err.join('\n')).toContain('Unknown command');
    });

    it('exits 2 for an unknown option or a missing argument', async () => {
      const unknownOption = await cli(['users', 'list', '--frobnicate']);
      expect(unknownOption.code).toBe(2);
      const missing = await cli(['tokens', 'list']);
      expect(missing.code).toBe(2);
      expect(missing.err.join('\n')).toContain('<handle>');
    });
  });
});
