import { Client } from 'pg';

/**
 * Under `npm run test:pg` the suite needs PostgreSQL: if it cannot be reached the run fails here, loudly,
 * instead of skipping anything.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.HOEGO_TEST_DB !== 'postgres') return;
  const url = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `npm run test:pg needs PostgreSQL at TEST_POSTGRES_URL=${url}, which could not be reached: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
