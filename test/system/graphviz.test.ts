/**
 * `topograph graph --format dot` rendered by Graphviz itself (`dot -Tsvg`, Debian package graphviz):
 * the output parses without a warning, and each node's two label lines come out as two lines of
 * text, as written (no escape of Graphviz's own, such as \N, is interpreted).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Nats, Postgres, Topology, WebService, Worker } from '../../src';
import { dotLabel, dotString } from '../../src/escape';
import { renderDiagram } from '../../src/render/diagram';
import { HOSTILE_STRINGS } from '../escape/corpus';
import { Testing } from '../../src/testing';
import { REPO, SHOP_DIR } from '../helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

function render(dot: string) {
  return spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
}

/** The text lines of the SVG, entities decoded. */
function svgText(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&#45;/g, '-').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&'),
  );
}

describe('Graphviz renders topograph graph --format dot', () => {
  it('the shop example: every node label as its two lines, every edge label', () => {
    const out = spawnSync(process.execPath, [BIN, 'graph', '--format', 'dot'], { cwd: SHOP_DIR, encoding: 'utf8' });
    expect(out.status).toBe(0);
    const result = render(out.stdout);
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const text = svgText(result.stdout);
    expect(text).toEqual(expect.arrayContaining(['1. nats', 'nats · nats:2.10-alpine', '4. catalog', 'web-service · python/fastapi :8001', 'CATALOG_SERVICE_URL']));
  });

  it('a topology with digest-pinned images and workers renders too', () => {
    const app = Testing.app();
    const topology = new Topology(app, 'odd');
    const db = new Postgres(topology, 'db', { image: 'registry.example/team/postgres:17@sha256:' + 'a'.repeat(64) });
    const nats = new Nats(topology, 'nats');
    const api = new WebService(topology, 'api', { runtime: 'node', port: 3000 });
    new Worker(topology, 'worker', { runtime: 'python' }).uses(nats);
    api.uses(db).uses(nats);
    const dot = renderDiagram(topology.toModel(), 'dot');
    const result = render(dot);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(svgText(result.stdout)).toEqual(expect.arrayContaining([`postgres · registry.example/team/postgres:17@sha256:${'a'.repeat(64)}`, '3. api']));
  });

  it('the DOT escaping helpers: Graphviz shows every printable hostile string as written', () => {
    // Graphviz collapses runs of spaces and trims labels; compare what it would show.
    const shown = (s: string) => s.trim().replace(/ +/g, ' ');
    const values = HOSTILE_STRINGS.filter((s) => /^[\u0020-\u007e]+$/.test(s) && s.trim() !== '');
    const dot = ['digraph "t" {', ...values.map((v, i) => `  n${i} [label=${dotLabel([`#${i}`, v])}, tooltip=${dotString(v)}];`), '}'].join('\n');
    const result = render(dot);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const text = svgText(result.stdout);
    for (const v of values) expect(text).toContain(shown(v));
  });
});
