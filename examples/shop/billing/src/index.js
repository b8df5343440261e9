// Billing: a minimal Express service whose /health checks the dependencies it is wired to.
const express = require('express');
const net = require('node:net');

const app = express();
const port = Number(process.env.PORT ?? 8002);

// What a dependency answers when it is really up, not just a port that accepts connections.
const POSTGRES_SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]); // answered with "S" or "N"
const isPostgres = (reply) => reply.length >= 1 && (reply[0] === 0x53 || reply[0] === 0x4e);
const isNats = (reply) => reply.subarray(0, 5).toString() === 'INFO '; // a NATS server greets first

/** True when the server of a connection URL answers `send` so that `accept(reply)` holds, within 2 s. */
function answers(url, send, accept, need) {
  const { hostname, port: p } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(p), timeout: 2000 });
    let reply = Buffer.alloc(0);
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.once('connect', () => { if (send) socket.write(send); });
    socket.on('data', (chunk) => { reply = Buffer.concat([reply, chunk]); if (reply.length >= need) done(accept(reply)); });
    socket.once('end', () => done(accept(reply)));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
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
  if (process.env.DATABASE_URL) checks.database = await answers(process.env.DATABASE_URL, POSTGRES_SSL_REQUEST, isPostgres, 1);
  if (process.env.NATS_URL) checks.nats = await answers(process.env.NATS_URL, null, isNats, 5);
  if (process.env.CATALOG_SERVICE_URL) checks.catalog = await serviceHealthy(process.env.CATALOG_SERVICE_URL);
  const ok = Object.values(checks).every(Boolean);
  res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unhealthy', checks });
});

app.get('/invoices', (_req, res) => res.json([]));

const server = app.listen(port, '0.0.0.0', () => console.log(`billing listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
