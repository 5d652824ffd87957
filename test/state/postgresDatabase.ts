import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Runs one statement as the server's superuser, on its maintenance database. */
async function asSuperuser(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${inject('postgresUrl')}/postgres` });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new empty database on the test run's server; `drop` removes it, closing any connection still open. */
export async function freshDatabase(): Promise<{ readonly url: string; readonly drop: () => Promise<void> }> {
  const name = `state_test_${randomBytes(6).toString('hex')}`;
  await asSuperuser(`CREATE DATABASE ${name}`);
  return {
    url: `${inject('postgresUrl')}/${name}`,
    drop: () => asSuperuser(`DROP DATABASE ${name} WITH (FORCE)`),
  };
}
