// Auth: a minimal Bun service whose /health checks the dependencies it is wired to.
import { connect } from 'node:net';
import { SignJWT } from 'jose';

const port = Number(process.env.PORT ?? 8003);

// A PostgreSQL server answers this SSLRequest with "S" or "N": proof it is up, not just a port.
const POSTGRES_SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

function postgresAnswers(url: string): Promise<boolean> {
  const { hostname, port: p } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(p), timeout: 2000 });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.once('connect', () => socket.write(POSTGRES_SSL_REQUEST));
    socket.once('data', (reply: Buffer) => done(reply[0] === 0x53 || reply[0] === 0x4e));
    socket.once('end', () => done(false));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function serviceHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

Bun.serve({
  port,
  hostname: '0.0.0.0',
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/health') {
      const checks: Record<string, boolean> = {};
      if (process.env.DATABASE_URL) checks.database = await postgresAnswers(process.env.DATABASE_URL);
      if (process.env.CATALOG_SERVICE_URL) checks.catalog = await serviceHealthy(process.env.CATALOG_SERVICE_URL);
      const ok = Object.values(checks).every(Boolean);
      return Response.json({ status: ok ? 'ok' : 'unhealthy', checks }, { status: ok ? 200 : 503 });
    }
    if (pathname === '/token' && request.method === 'POST') {
      const secret = new TextEncoder().encode(process.env.JWT_SECRET ?? '');
      if (secret.length === 0) return new Response('JWT_SECRET is not set', { status: 500 });
      const token = await new SignJWT({ sub: 'demo' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(secret);
      return Response.json({ token });
    }
    return new Response('not found', { status: 404 });
  },
});
console.log(`auth listening on ${port}`);
