/**
 * The line `topograph deploy` prints to mount the generated health module, pasted into a real
 * Express, Koa, Fastify and Hono app (docs/specs.md): liveness answers 200 while a dependency is down,
 * readiness 503, and every other path still reaches the app. `.ci/suites/system-tools.sh` installs
 * the frameworks with npm into $TOPOGRAPH_FRAMEWORKS_DIR (a package directory with node_modules).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type HealthFramework, type HealthModuleShape, healthTargets, mountInstructions, renderHealthModule } from '../../src/project/health';

jest.setTimeout(60_000);

const FRAMEWORKS_DIR = process.env.TOPOGRAPH_FRAMEWORKS_DIR;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(port: number, p: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

/** An app of each framework, with `{{import}}` and `{{mount}}` where the printed lines go. */
const APPS: Record<string, { framework: HealthFramework; source: string }> = {
  express: {
    framework: 'express',
    source: `const express = require('express');
{{import}}
const app = express();
{{mount}}
app.get('/orders', (req, res) => res.send('orders'));
app.listen(Number(process.env.PORT), '127.0.0.1');
`,
  },
  koa: {
    framework: 'koa',
    source: `const Koa = require('koa');
{{import}}
const app = new Koa();
{{mount}}
app.use((ctx) => { ctx.body = 'orders'; });
app.listen(Number(process.env.PORT), '127.0.0.1');
`,
  },
  fastify: {
    framework: 'fastify',
    source: `const fastify = require('fastify')();
{{import}}
{{mount}}
fastify.get('/orders', async () => 'orders');
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`,
  },
  hono: {
    framework: 'hono',
    source: `const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
{{import}}
const app = new Hono();
{{mount}}
app.get('/orders', (c) => c.text('orders'));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
`,
  },
};

describe.each(Object.entries(APPS))('%s', (name, app) => {
  it('the printed mount line serves liveness, readiness and leaves the other routes alone', async () => {
    expect(FRAMEWORKS_DIR && fs.existsSync(path.join(FRAMEWORKS_DIR, 'node_modules', name))).toBeTruthy();
    const dir = fs.mkdtempSync(path.join(FRAMEWORKS_DIR!, `app-${name}-`));
    const shape: HealthModuleShape = { file: 'health.js', language: 'javascript', module: 'commonjs', specifier: './health', entry: 'index.js', framework: app.framework, livenessPath: '/livez', readinessPath: '/health' };
    const targets = healthTargets([{ id: 'db', description: 'stored', status: 'confirmed', category: 'persistence' }]);
    fs.writeFileSync(path.join(dir, 'health.js'), renderHealthModule(targets, shape));
    const mount = mountInstructions(shape);
    fs.writeFileSync(path.join(dir, 'index.js'), app.source.replace('{{import}}', mount.importLine).replace('{{mount}}', mount.mountLine));
    const port = await freePort();
    const child = spawn(process.execPath, ['index.js'], {
      cwd: dir,
      env: { PATH: process.env.PATH!, PORT: String(port), DATABASE_URL: `postgres://127.0.0.1:${await freePort()}/db`, HOME: os.tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await get(port, '/orders');
          break;
        } catch (error) {
          if (child.exitCode !== null || attempt > 200) throw new Error(`${name} did not start: ${stderr || error}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      expect(await get(port, '/livez')).toEqual({ status: 200, body: expect.stringContaining('"status":"ok"') });
      const ready = await get(port, '/health');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body).checks).toEqual({ database: false });
      expect(await get(port, '/orders')).toEqual({ status: 200, body: 'orders' });
      expect(stderr).toBe('');
    } finally {
      child.kill();
    }
  });
});
