/**
 * The postgres dependency: the init file it runs on first start, and which databases an edge may
 * name. A real postgres runs it in the e2e suite (test/e2e/edge.ts).
 */
import { App } from 'cdk8s';
import { Postgres, synthFiles, Topology, TopologyError, validateGraph, Worker } from '../src';
import { shopGraph, synth } from './helpers/shop';

const INIT = 'docker/init/postgres/01-create-databases.sql';

function shopWith(edits: (graph: ReturnType<typeof shopGraph>) => void) {
  const graph = shopGraph();
  edits(graph);
  return graph;
}

describe('postgres init', () => {
  it('creates each database only when it is absent, so "postgres" (which always exists) works', () => {
    const graph = shopWith((g) => (g.edges!.find((e) => e.from === 'auth' && e.to === 'postgres')!.database = 'postgres'));
    const sql = synth(graph, { targets: ['compose'] }).files[INIT];
    const statements = sql.split('\n').filter((line) => line.trim() && !line.startsWith('--'));
    expect(statements).toHaveLength(3);
    for (const statement of statements) {
      expect(statement).toMatch(/^SELECT 'CREATE DATABASE "[a-z0-9-]+"' WHERE NOT EXISTS \(SELECT FROM pg_catalog\.pg_database WHERE datname = '[a-z0-9-]+'\)\\gexec$/);
    }
    expect(sql).toContain(`datname = 'postgres'`);
    expect(sql).not.toMatch(/^CREATE DATABASE/m);
  });

  it.each(['template0', 'template1'])('refuses the template database %s on an edge, in the graph', (template) => {
    const graph = shopWith((g) => (g.edges!.find((e) => e.from === 'billing' && e.to === 'postgres')!.database = template));
    const { problems } = validateGraph(graph, 'topology-graph.json');
    expect(problems).toEqual([
      {
        message: `Edge billing → postgres names the PostgreSQL template database '${template}'`,
        value: `"${template}"`,
        expected: expect.stringContaining("a database of the service's own (default: its name, 'billing'), or \"postgres\""),
        action: expect.stringMatching(/^Remove "database" from edges\[3\] \(billing → postgres\) or choose another name in topology-graph\.json$/),
      },
    ]);
  });

  it('refuses a template database in code too', () => {
    const app = new App();
    const topology = new Topology(app, 'lab');
    const db = new Postgres(topology, 'db');
    new Worker(topology, 'jobs', { runtime: 'go' }).uses(db, { database: 'template1' });
    expect(() => synthFiles(app)).toThrow(TopologyError);
    expect(() => synthFiles(app)).toThrow(/names the PostgreSQL template database 'template1'/);
  });
});
