/**
 * The postgres dependency: the init script it runs (one role per service, owning only its own
 * database), which databases and service names an edge may use, and the secrets that carry the
 * passwords. The script runs here under bash against a fake psql that records what it is given; a
 * real postgres runs it in the e2e suite (test/e2e/edge.ts, test/e2e/shop.e2e.test.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { Postgres, synthFiles, Topology, TopologyError, validateGraph, Worker } from '../src';
import { renderPostgresInit } from '../src/graph/kinds/dependencies/postgres-init';
import { HOSTILE_STRINGS } from './escape/corpus';
import { shopGraph, synth } from './helpers/shop';

const INIT = 'docker/init/postgres/01-roles-and-databases.sh';

function shopWith(edits: (graph: ReturnType<typeof shopGraph>) => void) {
  const graph = shopGraph();
  edits(graph);
  return graph;
}

/** The SQL the script hands psql on stdin. */
function sqlOf(script: string): string[] {
  const body = /<<'TOPOGRAPH_SQL'\n([\s\S]*?)\nTOPOGRAPH_SQL\n/.exec(script)?.[1];
  if (body === undefined) throw new Error(`no SQL here-document in:\n${script}`);
  return body.split('\n').filter((line) => !line.startsWith('--'));
}

/** Runs the script with bash (executed, or sourced as the image does when it is not executable) and a fake psql. */
function runScript(script: string, env: Record<string, string>, mode: 'execute' | 'source' = 'execute') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-pg-init-'));
  fs.writeFileSync(path.join(dir, 'init.sh'), script, { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(
    path.join(dir, 'bin', 'psql'),
    `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${dir}/argv"\ncat > "${dir}/stdin"\n`,
    { mode: 0o755 },
  );
  const command = mode === 'execute' ? [path.join(dir, 'init.sh')] : ['-c', `set -Eeo pipefail; . ${path.join(dir, 'init.sh')}; echo sourced-ok`];
  const result = spawnSync('bash', ['--norc', '--noprofile', ...command], {
    encoding: 'utf8',
    env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, ...env },
  });
  const read = (name: string) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : undefined);
  return { ...result, argv: read('argv')?.trimEnd().split('\n'), stdin: read('stdin') };
}

const SHOP_PASSWORDS = {
  POSTGRES_USER: 'postgres',
  POSTGRES_AUTH_PASSWORD: "a'uth pass$(id)",
  POSTGRES_BILLING_PASSWORD: 'billing-pw',
  POSTGRES_CATALOG_PASSWORD: 'catalog-pw',
};

describe('postgres init script', () => {
  const script = synth(shopGraph(), { targets: ['compose'] }).files[INIT];

  it('creates each role and database only when it is absent, so "postgres" (which always exists) works and it can run again', () => {
    const graph = shopWith((g) => (g.edges!.find((e) => e.from === 'auth' && e.to === 'postgres')!.database = 'postgres'));
    const sql = sqlOf(synth(graph, { targets: ['compose'] }).files[INIT]);
    const creates = sql.filter((line) => /\bCREATE (ROLE|DATABASE)\b/.test(line));
    expect(creates).toHaveLength(6);
    for (const line of creates) {
      expect(line).toMatch(/^SELECT 'CREATE (ROLE|DATABASE) "[a-z0-9-]+"( OWNER "[a-z0-9-]+")?' WHERE NOT EXISTS \(SELECT FROM pg_catalog\.pg_(roles|database) WHERE (rolname|datname) = '[a-z0-9-]+'\)\\gexec$/);
    }
    expect(sql).toContain(`SELECT 'CREATE DATABASE "postgres" OWNER "auth"' WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = 'postgres')\\gexec`);
    expect(sql).toContain('ALTER DATABASE "postgres" OWNER TO "auth";');
  });

  it('gives each service a login role that owns only its database, and opens no database to PUBLIC', () => {
    const sql = sqlOf(script);
    for (const service of ['auth', 'billing', 'catalog']) {
      expect(sql).toContain(`ALTER ROLE "${service}" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'password_${service}';`);
      expect(sql).toContain(`ALTER DATABASE "${service}" OWNER TO "${service}";`);
      expect(sql).toContain(`REVOKE ALL ON DATABASE "${service}" FROM PUBLIC;`);
    }
    expect(sql).toContain('REVOKE ALL ON DATABASE "postgres", "template1" FROM PUBLIC;');
    expect(sql.filter((line) => /\bGRANT\b/.test(line))).toEqual([]);
  });

  it.each(['execute', 'source'] as const)('passes each password to psql from the environment, never in the SQL (%s)', (mode) => {
    const result = runScript(script, SHOP_PASSWORDS, mode);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    if (mode === 'source') expect(result.stdout).toBe('sourced-ok\n');
    expect(result.argv).toEqual([
      '-v', 'ON_ERROR_STOP=1', '--no-psqlrc', '--username', 'postgres', '--dbname', 'postgres',
      '-v', "password_auth=a'uth pass$(id)",
      '-v', 'password_billing=billing-pw',
      '-v', 'password_catalog=catalog-pw',
    ]);
    expect(result.stdin).toBe(`${/<<'TOPOGRAPH_SQL'\n([\s\S]*?\n)TOPOGRAPH_SQL\n/.exec(script)![1]}`);
    for (const value of Object.values(SHOP_PASSWORDS).slice(1)) expect(result.stdin).not.toContain(value);
  });

  it('fails, naming the variable, when a password is missing from the environment', () => {
    const { POSTGRES_BILLING_PASSWORD: _, ...partial } = SHOP_PASSWORDS;
    const result = runScript(script, partial);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('POSTGRES_BILLING_PASSWORD is not set');
    expect(result.argv).toBeUndefined();
  });

  it('lets services that share a database each keep their own role, acting in it as its owner role', () => {
    const sql = sqlOf(renderPostgresInit('db', [
      { service: 'ticker', database: 'ledger' },
      { service: 'auditor', database: 'ledger' },
      { service: 'front', database: 'front' },
    ]));
    expect(sql).toContain(`SELECT 'CREATE ROLE "ledger_owner"' WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ledger_owner')\\gexec`);
    expect(sql).toContain('ALTER ROLE "ledger_owner" WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;');
    expect(sql).toContain('GRANT "ledger_owner" TO "auditor", "ticker";');
    expect(sql).toContain(`ALTER ROLE "auditor" IN DATABASE "ledger" SET role = 'ledger_owner';`);
    expect(sql).toContain(`ALTER ROLE "ticker" IN DATABASE "ledger" SET role = 'ledger_owner';`);
    expect(sql).toContain('ALTER DATABASE "ledger" OWNER TO "ledger_owner";');
    expect(sql).toContain('ALTER DATABASE "front" OWNER TO "front";');
    expect(sql.filter((line) => /\bGRANT\b/.test(line))).toHaveLength(1);
    // Every statement naming a database comes after the one that creates it (ALTER ROLE … IN DATABASE too).
    const created = sql.findIndex((line) => line.startsWith(`SELECT 'CREATE DATABASE "ledger"`));
    for (const [i, line] of sql.entries()) if (/DATABASE "ledger"/.test(line) && !line.startsWith(`SELECT 'CREATE DATABASE`)) expect({ line, after: i > created }).toEqual({ line, after: true });
  });

  it('is the same whatever order the edges are in', () => {
    const users = [
      { service: 'b', database: 'x' },
      { service: 'a', database: 'x' },
      { service: 'c', database: 'c' },
    ];
    expect(renderPostgresInit('db', [...users].reverse())).toBe(renderPostgresInit('db', users));
  });

  it('keeps a hostile name out of the shell and the SQL (quoted, or refused)', () => {
    for (const hostile of HOSTILE_STRINGS) {
      let text: string;
      try {
        text = renderPostgresInit('db', [{ service: 'svc', database: hostile }]);
      } catch (error) {
        expect(error).toBeInstanceOf(Error); // a value no escaping can carry (control characters, empty)
        continue;
      }
      const sql = sqlOf(text);
      expect(sql).toContain(`ALTER DATABASE "${hostile.replace(/"/g, '""')}" OWNER TO "svc";`);
      expect(text.split('\n').filter((line) => line === 'TOPOGRAPH_SQL')).toHaveLength(1);
    }
  });
});

describe('postgres edges', () => {
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

  it.each(['postgres', 'public', 'none'])('refuses a service named %s on a postgres it would log in to', (name) => {
    const graph = shopWith((g) => {
      g.dependencies![0].name = 'db';
      g.services[2].name = name;
      g.edges = g.edges!.map((e) => ({ ...e, from: e.from === 'auth' ? name : e.from, to: e.to === 'postgres' ? 'db' : e.to }));
    });
    const { problems } = validateGraph(graph, 'topology-graph.json');
    expect(problems.map((p) => p.message)).toEqual([`Service '${name}' cannot log in to 'db' as a role of its own name`]);
    expect(problems[0].action).toBe(`Rename service '${name}' in topology-graph.json`);
  });

  it('accepts those names on an external postgres, where topograph creates no role', () => {
    const graph = shopWith((g) => {
      g.dependencies![0] = { name: 'db', type: 'postgres', external: true };
      g.services[2].name = 'public';
      g.edges = g.edges!.map((e) => ({ ...e, from: e.from === 'auth' ? 'public' : e.from, to: e.to === 'postgres' ? 'db' : e.to }));
    });
    expect(validateGraph(graph, 'topology-graph.json').problems).toEqual([]);
  });

  it('refuses two passwords that would share one secret name', () => {
    const graph = shopWith((g) => g.dependencies!.push({ name: 'postgres-catalog', type: 'postgres' }));
    const { problems } = validateGraph(graph, 'topology-graph.json');
    expect(problems).toEqual([
      {
        message: 'Two passwords would share the secret POSTGRES_CATALOG_PASSWORD',
        value: "the superuser of 'postgres-catalog' and the role of 'catalog' on 'postgres'",
        expected: expect.stringContaining('a secret of its own for each password'),
        action: 'Rename one of the services or dependencies involved in topology-graph.json',
      },
    ]);
  });
});
