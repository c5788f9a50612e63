import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { postGraphQL, startTestApp, type TestApp } from './helpers';

const ROOT = join(__dirname, '..');
const CHILD_TIMEOUT = 60_000;

describe('health endpoints', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('GET /healthz answers 200 without a token', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 without a token when the database is migrated', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      status: 'ready',
      database: { reachable: true, dialect: t.app.db.dialect, pendingMigrations: [] },
    });
  });

  it('GraphQL still needs a token (control)', async () => {
    const res = await postGraphQL(t.app, { query: '{ viewer { id } }' });
    expect(res.statusCode).toBe(401);
  });
});

describe('readiness with a pending migration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.db.dataSource.undoLastMigration();
  });

  afterAll(async () => {
    await t.close();
  });

  it('GET /readyz answers 503 naming the pending migration, while /healthz stays 200', async () => {
    const ready = await t.app.server.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    const body = JSON.parse(ready.body);
    expect(body.status).toBe('not ready');
    expect(body.database.reachable).toBe(true);
    expect(body.database.pendingMigrations).toEqual([t.app.db.dataSource.migrations[t.app.db.dataSource.migrations.length - 1].name]);

    const health = await t.app.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  });
});

interface Server {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the server process', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tempDatabaseUrl(): string {
    const dir = mkdtempSync(join(tmpdir(), 'hoego-ops-'));
    dirs.push(dir);
    return `sqlite:${join(dir, 'hoego.db')}`;
  }

  function spawnServer(env: Record<string, string>, port = 0): Server {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    return { child, port, stdout: () => out, stderr: () => err, exited };
  }

  async function startServer(databaseUrl: string): Promise<Server> {
    const port = await freePort();
    const server = spawnServer({ PORT: String(port), DATABASE_URL: databaseUrl }, port);
    let exited = false;
    void server.exited.then(() => (exited = true));
    const deadline = Date.now() + 40_000;
    for (;;) {
      if (exited) throw new Error(`server exited before it was healthy:\n${server.stdout()}\n${server.stderr()}`);
      if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${server.stdout()}\n${server.stderr()}`);
      const status = await httpStatus(`http://127.0.0.1:${port}/healthz`).catch(() => 0);
      if (status === 200) return server;
      await sleep(100);
    }
  }

  async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  async function createUserToken(databaseUrl: string, handle: string): Promise<string> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['users', 'create', handle, '--time-zone', 'UTC'],
      { DATABASE_URL: databaseUrl },
      (l) => out.push(l),
      (l) => err.push(l),
    );
    expect({ code, err }).toEqual({ code: 0, err: [] });
    return out[out.length - 1];
  }

  it(
    'shuts down on SIGTERM with exit code 0, saying so in its log',
    async () => {
      const server = await startServer(tempDatabaseUrl());
      expect(server.child.kill('SIGTERM')).toBe(true);
      const { code, signal } = await server.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(server.stdout()).toMatch(/shutting down/i);
      expect(server.stdout()).toMatch(/SIGTERM/);
    },
    CHILD_TIMEOUT,
  );

  it(
    'finishes a request in flight when SIGTERM arrives',
    async () => {
      const databaseUrl = tempDatabaseUrl();
      const token = await createUserToken(databaseUrl, 'inflight');
      const server = await startServer(databaseUrl);

      // Send the request head now and the body only after SIGTERM, so the request is certainly in flight.
      const body = JSON.stringify({ query: '{ viewer { handle } }' });
      const socket = connect(server.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      const closed = new Promise<Error | null>((resolve) => {
        let failure: Error | null = null;
        socket.once('error', (error) => (failure = error));
        socket.once('close', () => resolve(failure));
      });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        [
          'POST /graphql HTTP/1.1',
          `Host: 127.0.0.1:${server.port}`,
          'Content-Type: application/json',
          `Authorization: Bearer ${token}`,
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      );
      // Fastify logs "incoming request" once it has the head and routed it.
      await waitFor('the server to receive the request', () => /"url":"\/graphql".*"msg":"incoming request"/.test(server.stdout()));

      expect(server.child.kill('SIGTERM')).toBe(true);
      await waitFor('the shutdown to start', () => /shutting down/.test(server.stdout()));
      await sleep(200);
      socket.write(body);

      const socketError = await closed;
      expect(socketError).toBeNull();
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 200 /);
      expect(head.toLowerCase()).toContain('content-type: application/json');
      expect(JSON.parse(rest.join('\r\n\r\n'))).toEqual({ data: { viewer: { handle: 'inflight' } } });

      const { code } = await server.exited;
      expect(code).toBe(0);
      expect(server.stdout()).toMatch(/shutting down/);
    },
    CHILD_TIMEOUT,
  );

  it(
    'refuses a bad configuration with a non-zero exit and one message listing every problem',
    async () => {
      const server = spawnServer({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
      const { code } = await server.exited;
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      const stderr = server.stderr();
      expect(stderr).toContain('PORT');
      expect(stderr).toContain('"abc"');
      expect(stderr).toContain('DATABASE_URL');
      expect(stderr).toContain('mysql://x');
      expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
      // Both problems are in that one message, not a stack trace.
      const message = stderr.slice(stderr.indexOf('Invalid configuration'));
      expect(message).toMatch(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
      expect(stderr).not.toMatch(/\n\s+at /);
    },
    CHILD_TIMEOUT,
  );
});
