import { startTestApp, type TestApp } from './helpers';

const VIEWER = '{ viewer { handle } }';

/**
 * Authentication runs as a named statement on PostgreSQL, prepared once per connection. PostgreSQL plans such a
 * statement again by itself after most schema changes, but refuses to when a column it returns changes type
 * ("cached plan must not change result type"), as another server's migration may do while this one serves.
 */
describe('named statements on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keep authenticating after a column they read changes type under them', async () => {
    const { token } = await t.createUser({ handle: 'renamed' });
    // Every pooled connection prepares the statement.
    const before = await Promise.all(Array.from({ length: 12 }, () => t.gql(token, VIEWER)));
    expect(before.map((r) => r.errors ?? r.data?.viewer?.handle)).toEqual(Array(12).fill('renamed'));

    await t.app.db.dataSource.query('ALTER TABLE api_tokens ALTER COLUMN name TYPE varchar(300)');

    const after = await Promise.all(Array.from({ length: 12 }, () => t.gql(token, VIEWER)));
    expect(after.map((r) => r.errors ?? r.data?.viewer?.handle)).toEqual(Array(12).fill('renamed'));
  });
});
