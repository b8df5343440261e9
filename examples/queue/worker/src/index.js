// Worker: takes votes off the redis list the vote service pushes to and records them in postgres
// (one vote per voter; a later vote replaces the earlier one). No port: nothing calls it.
const { createClient } = require('redis');
const { Pool } = require('pg');

const QUEUE = 'votes';
const redis = createClient({ url: process.env.REDIS_URL });
const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
let running = true;

redis.on('error', (error) => console.error(`worker: redis: ${error.message}`));

async function record(message) {
  const { voter, choice } = JSON.parse(message);
  await db.query(
    `INSERT INTO votes (voter, choice) VALUES ($1, $2)
     ON CONFLICT (voter) DO UPDATE SET choice = excluded.choice, updated_at = now()`,
    [voter, choice],
  );
  console.log(`worker: recorded a vote for ${choice}`);
}

async function main() {
  await redis.connect();
  // The seed job created the table before this started; fail now, not at the first vote, if not.
  await db.query('SELECT 1 FROM votes LIMIT 1');
  console.log('worker: waiting for votes');
  while (running) {
    const item = await redis.blPop(QUEUE, 2);
    if (!item) continue;
    try {
      await record(item.element);
    } catch (error) {
      // A vote that cannot be recorded (malformed, unknown choice) is logged and dropped.
      console.error(`worker: dropped a vote: ${error.message}`);
    }
  }
}

function stop() {
  running = false;
  setTimeout(() => process.exit(0), 3000).unref();
  Promise.allSettled([redis.quit(), db.end()]).then(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

main().catch((error) => {
  console.error(`worker failed: ${error.message}`);
  process.exit(1);
});
