import type { HTTPRequest } from 'puppeteer-core';
import { launchChromium } from './browser';
import { startTestApp, type TestApp } from './helpers';

let t: TestApp;
let token: string;
let address: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  t = await startTestApp();
  ({ token } = await t.createUser({ handle: 'jun' }));
  address = await t.app.server.listen({ port: 0, host: '127.0.0.1' });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await t.close();
});

describe('the explorer at GET /graphql, in headless Chromium', () => {
  it('takes a token, runs { viewer { handle } } with it, shows the docs, and loads nothing from elsewhere or against its CSP', async () => {
    const page = await chromium.browser.newPage();
    const requests: HTTPRequest[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request));
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    // Page-side code is given as text: it runs in the browser, whose DOM types this Node project does not load.
    await page.evaluateOnNewDocument(`
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.violations.push(event.violatedDirective + ' ' + event.blockedURI);
      });
    `);
    try {
      await page.goto(`${address}/graphql`, { waitUntil: 'load' });
      await page.waitForSelector('#token');
      await page.type('#token', token);
      // Without a token the page sends no GraphQL request at all.
      expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);
      await page.click('#token-form button[type="submit"]');
      await page.waitForFunction(`document.querySelector('#token-status')?.textContent === 'Token set for this tab.'`);

      // The schema loads with the token: the docs explorer shows its description, with the error codes.
      await page.waitForSelector('.graphiql-execute-button');
      await page.click('[aria-label="Show Documentation Explorer"]');
      await page.waitForFunction(`document.querySelector('.graphiql-doc-explorer')?.textContent?.includes('Every error carries')`, {
        timeout: 20_000,
      });

      await page.click('.graphiql-execute-button');
      await page.waitForFunction(`document.querySelector('.graphiql-response')?.textContent?.includes('"handle": "jun"')`, {
        timeout: 20_000,
      });

      const graphqlPosts = requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/graphql');
      expect(graphqlPosts.length).toBeGreaterThanOrEqual(2); // introspection, then the query
      for (const post of graphqlPosts) expect(post.headers().authorization).toBe(`Bearer ${token}`);
      expect(graphqlPosts.some((r) => (r.postData() ?? '').includes('viewer { handle }'))).toBe(true);

      // Everything from this server (data: URLs, GraphiQL's inlined fonts and icons, aside): nothing from a CDN.
      const elsewhere = requests.map((r) => r.url()).filter((url) => !url.startsWith('data:') && new URL(url).origin !== address);
      expect(elsewhere).toEqual([]);
      expect(requests.map((r) => new URL(r.url()).pathname)).toEqual(expect.arrayContaining(['/graphql/explorer/graphiql.js']));
      const storage = (await page.evaluate(`({
        session: window.sessionStorage.getItem('hoego.token'),
        local: Object.keys(window.localStorage).map((key) => window.localStorage.getItem(key) ?? ''),
        violations: window.violations,
      })`)) as { session: string | null; local: string[]; violations: string[] };
      expect(storage.session).toBe(token);
      expect(storage.local.filter((value) => value.includes(token))).toEqual([]);
      expect(storage.violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
