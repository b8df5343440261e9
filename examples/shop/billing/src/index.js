// Billing: a minimal Express service whose /health checks the dependencies it is wired to.
const express = require('express');
const net = require('node:net');

const app = express();
const port = Number(process.env.PORT ?? 8002);

function reachable(url) {
  const { hostname, port: p } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(p), timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

async function serviceHealthy(url) {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

app.get('/health', async (_req, res) => {
  const checks = {};
  if (process.env.DATABASE_URL) checks.database = await reachable(process.env.DATABASE_URL);
  if (process.env.NATS_URL) checks.nats = await reachable(process.env.NATS_URL);
  if (process.env.CATALOG_SERVICE_URL) checks.catalog = await serviceHealthy(process.env.CATALOG_SERVICE_URL);
  const ok = Object.values(checks).every(Boolean);
  res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unhealthy', checks });
});

app.get('/invoices', (_req, res) => res.json([]));

const server = app.listen(port, '0.0.0.0', () => console.log(`billing listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
