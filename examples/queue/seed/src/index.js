// Seed: a one-shot job. Creates the tables the worker writes and the result service reads, and the
// choices to vote for, then exits 0. Safe to run again (everything "if not exists" / "do nothing").
const { Client } = require('pg');

const CHOICES = ['cats', 'dogs'];

async function main() {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE TABLE IF NOT EXISTS choices (name text PRIMARY KEY)');
    await client.query(`CREATE TABLE IF NOT EXISTS votes (
      voter text PRIMARY KEY,
      choice text NOT NULL REFERENCES choices (name),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    for (const name of CHOICES) await client.query('INSERT INTO choices (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
    await client.query('COMMIT');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM choices');
    console.log(`seed: tables ready, ${rows[0].n} choices`);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`seed failed: ${error.message}`);
  process.exit(1);
});
