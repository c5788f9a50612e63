import { createApp, type App } from '../src/app';
import { FixedClock } from '../src/clock';
import { ConfigError, loadConfig } from '../src/config';
import { scratchDatabase } from './db';
import { errorCode, ok, startTestApp, type TestApp } from './helpers';
import { buildReviewFixture, type ReviewFixture } from './review-fixture';

const CREATE_LINK = 'mutation($i: CreateReportLinkInput!) { createReportLink(input: $i) { url expiresAt } }';

let t: TestApp;
let f: ReviewFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await buildReviewFixture(t, {
    habitTitle: 'Planche <script>alert("t")</script>',
    habitNote: 'Held it <img src=x onerror=alert(1)> & more',
  });
});

afterAll(() => t.close());

async function get(url: string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return t.app.server.inject({ method: 'GET', url, headers });
}

async function link(input: Record<string, unknown>, token = f.token): Promise<{ url: string; expiresAt: string }> {
  return ok(await t.gql(token, CREATE_LINK, { i: input })).createReportLink;
}

/** `text` with its first character replaced by another: always a change (base64url's first character holds no padding bits). */
function changeFirstCharacter(text: string): string {
  return `${text[0] === 'A' ? 'B' : 'A'}${text.slice(1)}`;
}

/** The path and query of a link, for fastify's inject. */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describe('yearInReview.markdown', () => {
  it("writes the English draft with the year's numbers", async () => {
    const md: string = ok(await t.gql(f.token, '{ yearInReview(year: 2020) { markdown } }')).yearInReview.markdown;
    expect(md).toContain('# 2020: a year in review');
    expect(md).toContain('13 logs on 12 days');
    expect(md).toContain('Compared with 2019 (3 logs on 3 days): +10 logs, +9 active days');
    expect(md).toContain('Goals achieved: 1 · milestones reached: 2');
    expect(md).toContain('Busiest month: March (6 logs)');
    expect(md).toContain('Busiest weekday: Tuesday (3 logs)');
    expect(md).toContain('5 days in a row (10 Mar – 17 Mar)');
    expect(md).toContain('Achieved on 5 May 2020.');
    expect(md).toContain('1 gold medal to go.');
    expect(md).toContain('Next milestone: Submit (1 of 3 still open).');
    expect(md).toContain('Compared with 2019: +3 logs, +2 active days, +2 books in total.');
    // Plain goals and a year without workouts add none of the typed goals' lines.
    expect(md).not.toMatch(/Kaggle: |Ladder: |Stages: |Ratings: |Training: |Personal records/);
    // User text is escaped, not interpreted.
    expect(md).toContain('Planche \\<script\\>alert("t")\\</script\\>');
    expect(md).toContain('Held it \\<img src=x onerror=alert(1)\\> \\& more');
    expect(md).not.toContain('<script>');
  });

  it('writes the Korean draft with the same numbers', async () => {
    const md: string = ok(await t.gql(f.token, '{ yearInReview(year: 2020) { markdown(locale: KO) } }')).yearInReview.markdown;
    expect(md).toContain('# 2020년 회고');
    expect(md).toContain('12일 동안 기록 13건');
    expect(md).toContain('달성한 목표 1개 · 달성한 마일스톤 2개');
    expect(md).toContain('가장 바빴던 달: 3월 (기록 6건)');
    expect(md).toContain('기록이 가장 많은 요일: 화요일 (3건)');
    expect(md).toContain('2020년 5월 5일에 달성했습니다.');
    expect(md).toContain('목표까지 1 gold medal 남았습니다.');
    expect(md).toContain('다음 마일스톤: Submit (3개 중 1개 남음).');
    expect(md).toContain('2019년과 비교하면 기록 +3건, 활동한 날 +2일');
    expect(md).toContain('2019년(3일 동안 기록 3건)과 비교하면 기록 +10건, 활동한 날 +9일');
    expect(md).not.toMatch(/캐글: |단계: |평점: |운동: |개인 기록/);
  });
});

describe('GET /reports/<year>', () => {
  it("serves the Markdown and the HTML to the bearer token's user", async () => {
    const md = await get('/reports/2020.md', f.token);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain('13 logs on 12 days');

    const html = await get('/reports/2020.html?locale=ko', f.token);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers['cache-control']).toBe('private, no-store');
    expect(html.body).toContain('<html lang="ko">');
    expect(html.body.match(/<rect [^>]*data-date="/g)).toHaveLength(366);
    expect(html.body).toContain('data-date="2020-03-14" data-count="0"');
    expect(html.body).toMatch(/class="l0 paused" data-date="2020-03-14"/);
  });

  it('escapes user text in the HTML', async () => {
    const html = (await get('/reports/2020.html', f.token)).body;
    expect(html).toContain('Planche &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(html).toContain('Held it &lt;img src=x onerror=alert(1)&gt; &amp; more');
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(html).not.toMatch(/<link|src="http|@import|url\(/);
  });

  it("shows another user's token only that user's report", async () => {
    const other = await t.createUser();
    const res = await get('/reports/2020.md', other.token);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nothing was logged this year.');
    expect(res.body).not.toContain('Planche');
  });

  it("opens with a signed link and no token, in the link's language", async () => {
    const { url, expiresAt } = await link({ year: 2020, locale: 'KO' });
    // Built on HOST and PORT (no PUBLIC_URL here), never on the request's Host header.
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4000\/reports\/2020\.html\?user=.+&token=.+&gen=0&locale=ko&expires=\d+&signature=[\w-]+$/);
    expect(expiresAt).toBe('2021-06-22T12:00:00.000Z');
    const res = await get(pathOf(url));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ko">');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // The signature covers user, year, locale and expiry, not the format: the same link opens the Markdown.
    const md = await get(pathOf(url).replace('2020.html', '2020.md'));
    expect(md.statusCode).toBe(200);
    expect(md.body).toContain('# 2020년 회고');
  });

  it('refuses a link once it has expired, with 401 and a clear message', async () => {
    const { url } = await link({ year: 2020, locale: 'EN', format: 'MARKDOWN' });
    expect(new URL(url).pathname).toBe('/reports/2020.md');
    t.clock.set('2021-06-22T12:00:01Z');
    try {
      const res = await get(pathOf(url));
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('This report link expired at 2021-06-22T12:00:00.000Z');
    } finally {
      t.clock.set('2021-06-15T12:00:00Z');
    }
  });

  it.each([
    ['another year', (u: URL) => (u.pathname = '/reports/2019.html')],
    ['another locale', (u: URL) => u.searchParams.set('locale', 'en')],
    ['a later expiry', (u: URL) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 86_400))],
    ['another user', (u: URL) => u.searchParams.set('user', Buffer.from('User:999999').toString('base64url'))],
    ['a changed signature', (u: URL) => u.searchParams.set('signature', changeFirstCharacter(u.searchParams.get('signature')!))],
    ['no signature', (u: URL) => u.searchParams.set('signature', '')],
    ['a character added to the signature', (u: URL) => u.searchParams.set('signature', `${u.searchParams.get('signature')}!`)],
  ])('refuses a link with %s, with 403', async (_what, tamper) => {
    const { url } = await link({ year: 2020, locale: 'KO' });
    const u = new URL(url);
    tamper(u);
    const res = await get(`${u.pathname}${u.search}`);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This report link is not valid');
  });

  it('asks for credentials, and rejects bad input, with the right status', async () => {
    const none = await get('/reports/2020.html');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.body).toContain('createReportLink');
    expect((await get('/reports/2020.html', 'hoego_nope')).statusCode).toBe(401);
    expect((await get('/reports/1969.md', f.token)).statusCode).toBe(400);
    expect((await get('/reports/2020.md?locale=fr', f.token)).statusCode).toBe(400);
    expect((await get('/reports/2020.pdf', f.token)).statusCode).toBe(404);
    expect((await get('/reports/2020.md?locale=en&locale=ko', f.token)).statusCode).toBe(400);
    const signed = pathOf((await link({ year: 2020, locale: 'EN' })).url);
    expect((await get(`${signed}&locale=ko`)).statusCode).toBe(400);
  });
});

describe('createReportLink', () => {
  it('needs the write scope and a valid year', async () => {
    const { handle } = ok(await t.gql(f.token, '{ viewer { handle } }')).viewer;
    const readOnly = await t.app.services.tokens.create((await t.app.services.users.findByHandle(handle))!.id, 'ro', ['read']);
    expect(errorCode(await t.gql(readOnly.secret, CREATE_LINK, { i: { year: 2020 } }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(f.token, CREATE_LINK, { i: { year: 1969 } }))).toBe('BAD_USER_INPUT');
  });

  it('signs with one secret for every server on a database, kept in it unless REPORT_LINK_SECRET is set', async () => {
    const scratch = await scratchDatabase();
    const apps: App[] = [];
    const start = async (env: Record<string, string> = {}) => {
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', ...env });
      const app = await createApp(config, { clock: new FixedClock(new Date('2021-06-15T12:00:00Z')) });
      apps.push(app);
      return app;
    };
    try {
      const [a, b] = [await start(), await start()];
      const user = await a.services.users.create({ handle: 'shared', timeZone: 'Asia/Seoul' });
      const made = await a.services.reportLinks.create(user, { year: 2020, locale: 'EN', format: 'HTML' }, null);
      const params = Object.fromEntries(new URL(made.url).searchParams);
      await expect(b.services.reportLinks.verify(2020, params)).resolves.toMatchObject({ user: { id: user.id }, locale: 'EN' });
      const configured = await start({ REPORT_LINK_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://hoego.example.com/' });
      await expect(configured.services.reportLinks.verify(2020, params)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const own = await configured.services.reportLinks.create(user, { year: 2020, locale: 'EN', format: 'MARKDOWN' }, null);
      expect(own.url.startsWith('https://hoego.example.com/reports/2020.md?')).toBe(true);
    } finally {
      for (const app of apps) await app.close();
      await scratch.drop();
    }
  });
});

describe('report link configuration', () => {
  it('validates REPORT_LINK_SECRET and PUBLIC_URL, never echoing the secret', () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig(env)).toMatchObject({ reportLinkSecret: null, publicUrl: null });
    expect(loadConfig({ ...env, REPORT_LINK_SECRET: 's'.repeat(32), PUBLIC_URL: 'https://h.example/' })).toMatchObject({
      reportLinkSecret: 's'.repeat(32),
      publicUrl: 'https://h.example',
    });
    let error: unknown;
    try {
      loadConfig({ ...env, REPORT_LINK_SECRET: 'hunter2', PUBLIC_URL: 'ftp://h.example/?x=1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('REPORT_LINK_SECRET must be at least 32 characters'),
      expect.stringContaining('PUBLIC_URL must be an http or https URL'),
    ]);
    expect((error as ConfigError).message).not.toContain('hunter2');
  });
});
