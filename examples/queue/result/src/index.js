// Result: reads what the worker recorded. GET /results → {"cats": n, "dogs": m, "total": n + m};
// GET /health → 200 once postgres answers and the seeded tables are there.
const http = require('node:http');
const { Pool } = require('pg');

const port = Number(process.env.PORT ?? 3000);
const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

async function results() {
  const { rows } = await db.query(
    `SELECT c.name, count(v.voter)::int AS n FROM choices c LEFT JOIN votes v ON v.choice = c.name
     GROUP BY c.name ORDER BY c.name`,
  );
  const tally = Object.fromEntries(rows.map((row) => [row.name, row.n]));
  return { ...tally, total: rows.reduce((sum, row) => sum + row.n, 0) };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  if (req.method !== 'GET') return send(res, 405, { error: 'GET only' });
  try {
    if (req.url === '/health') {
      await db.query('SELECT 1 FROM votes LIMIT 1');
      return send(res, 200, { status: 'ok', checks: { database: true } });
    }
    if (req.url === '/results') return send(res, 200, await results());
    return send(res, 404, { error: 'not found' });
  } catch (error) {
    return send(res, 503, { status: 'unhealthy', error: error.message });
  }
});

server.listen(port, '0.0.0.0', () => console.log(`result listening on ${port}`));
process.on('SIGTERM', () => {
  server.close();
  db.end().finally(() => process.exit(0));
});
