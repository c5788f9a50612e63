import { launchChromium } from './browser';
import { ok, startTestApp, type TestApp } from './helpers';
import { buildReviewFixture, type ReviewFixture } from './review-fixture';

let t: TestApp;
let f: ReviewFixture;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  t = await startTestApp();
  f = await buildReviewFixture(t);
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await t.close();
});

describe('the HTML report in a browser', () => {
  it('draws the heatmap with one cell per day of the year (headless Chromium)', async () => {
    const address = await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    const dom = async (year: number) => {
      const { url } = ok(
        await t.gql(f.token, 'mutation($i: CreateReportLinkInput!) { createReportLink(input: $i) { url } }', { i: { year, locale: 'EN' } }),
      ).createReportLink;
      const u = new URL(url);
      const page = await chromium.browser.newPage();
      try {
        await page.goto(`${address}${u.pathname}${u.search}`, { waitUntil: 'load' });
        return await page.content();
      } finally {
        await page.close();
      }
    };
    const leap = await dom(2020);
    expect(leap).toContain('<svg class="heatmap"');
    expect(leap.match(/<rect [^>]*data-date="\d{4}-\d{2}-\d{2}"/g)).toHaveLength(366);
    expect(leap).toContain('data-date="2020-03-20" data-count="1"');
    const common = await dom(2021);
    expect(common.match(/<rect [^>]*data-date="\d{4}-\d{2}-\d{2}"/g)).toHaveLength(365);
  }, 120_000);
});
