/**
 * The mongodb kind (src/graph/kinds/dependencies/mongodb.ts): a database and a user per service.
 * Its init script runs here under bash against a fake mongosh; the JavaScript it hands mongosh
 * then runs in a VM against a fake `db` that records the users it creates or updates.
 */
import * as vm from 'node:vm';
import { jsString } from '../../src/escape';
import { renderMongodbInit } from '../../src/graph/kinds/dependencies/mongodb-init';
import { validateGraph } from '../../src';
import { HOSTILE_STRINGS } from '../escape/corpus';
import { both, describeKind, initFile, kindGraph } from './helpers';
import { runScript } from './init-scripts';

describeKind({
  type: 'mongodb',
  image: 'mongo:8.0',
  port: 27017,
  healthCheck: ['mongosh', '--quiet', '--norc', '--eval', 'quit(db.adminCommand({ ping: 1 }).ok === 1 ? 0 : 1)'],
  dataPath: '/data/db',
  uid: 999,
  capabilities: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  secretEnv: { MONGO_INITDB_ROOT_PASSWORD: 'MONGODB_PASSWORD', MONGODB_CATALOG_PASSWORD: 'MONGODB_CATALOG_PASSWORD' },
  connectionEnv: 'MONGODB_URL',
  url: 'mongodb://catalog:{MONGODB_CATALOG_PASSWORD}@mongodb:27017/catalog',
  databases: true,
});

/** Runs mongosh's program against a fake server holding `existing` users ("db/user"); returns what it did. */
function evaluate(js: string, env: Record<string, string>, existing: string[] = []): string[] {
  const calls: string[] = [];
  const sibling = (database: string) => ({
    getUser: (user: string) => (existing.includes(`${database}/${user}`) ? { user } : null),
    createUser: (u: any) => calls.push(`create ${database}/${u.user} pwd=${u.pwd} roles=${JSON.stringify(u.roles)}`),
    updateUser: (user: string, u: any) => calls.push(`update ${database}/${user} pwd=${u.pwd} roles=${JSON.stringify(u.roles)}`),
  });
  vm.runInNewContext(js, { db: { getSiblingDB: sibling }, process: { env } });
  return calls;
}

describe('mongodb: init script', () => {
  const graph = kindGraph('mongodb', (g) => g.edges!.push({ from: 'billing', to: 'mongodb', database: 'ledger' }));
  const { files } = both(graph);
  const script = initFile(files, 'mongodb')!;
  const env = { MONGO_INITDB_ROOT_USERNAME: 'root', MONGO_INITDB_ROOT_PASSWORD: "r'oot$pw", MONGODB_CATALOG_PASSWORD: 'catalog-pw', MONGODB_BILLING_PASSWORD: 'b"ill\\ing' };

  it('is re-run by ./start.sh and holds no password', () => {
    expect(files['docker/start.sh']).toContain("compose exec -T 'mongodb' 'bash' '/docker-entrypoint-initdb.d/01-users.sh'");
    expect(script).not.toMatch(/catalog-pw|r'oot/);
  });

  it.each(['execute', 'source'] as const)('logs in as root on 127.0.0.1 and gives each service a user owning its database (%sd)', (mode) => {
    const run = runScript(script, 'mongosh', env, mode);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const argv = run.argv!;
    expect(argv.slice(0, -2)).toEqual(['--quiet', '--norc', '--host', '127.0.0.1', '--port', '27017', '--authenticationDatabase', 'admin', '--username', 'root', '--password', "r'oot$pw"]);
    expect(argv[argv.length - 2]).toBe('--eval');
    const js = argv[argv.length - 1];
    expect(evaluate(js, env)).toEqual([
      'create catalog/catalog pwd=catalog-pw roles=[{"role":"dbOwner","db":"catalog"}]',
      'create ledger/billing pwd=b"ill\\ing roles=[{"role":"dbOwner","db":"ledger"}]',
    ]);
    // Run again on existing users: their passwords and roles are set again, nothing is created.
    expect(evaluate(js, env, ['catalog/catalog', 'ledger/billing'])).toEqual([
      'update catalog/catalog pwd=catalog-pw roles=[{"role":"dbOwner","db":"catalog"}]',
      'update ledger/billing pwd=b"ill\\ing roles=[{"role":"dbOwner","db":"ledger"}]',
    ]);
    expect(() => evaluate(js, { ...env, MONGODB_BILLING_PASSWORD: '' })).toThrow('MONGODB_BILLING_PASSWORD is not set');
  });

  it('does not run mongosh without the root credentials', () => {
    const run = runScript(script, 'mongosh', { ...env, MONGO_INITDB_ROOT_PASSWORD: '' });
    expect(run.status).not.toBe(0);
    expect(run.argv).toBeUndefined();
  });

  it('writes every name as a JavaScript string through src/escape, whatever reaches it', () => {
    for (const hostile of HOSTILE_STRINGS) {
      let text: string;
      try {
        text = renderMongodbInit('mongodb', [{ service: 'svc', database: hostile }]);
      } catch (e) {
        expect((e as Error).name).toMatch(/UnsafeValueError|RangeError/);
        continue;
      }
      expect(text).toContain(`{ database: ${jsString(hostile)}, user: "svc", secret: "MONGODB_SVC_PASSWORD" },`);
      const js = runScript(text, 'mongosh', { ...env, MONGODB_SVC_PASSWORD: 'pw' }).argv!.at(-1)!;
      expect(evaluate(js, { MONGODB_SVC_PASSWORD: 'pw' })).toEqual([`create ${hostile}/svc pwd=pw roles=${JSON.stringify([{ role: 'dbOwner', db: hostile }])}`]);
    }
  });

  it("refuses the server's own databases", () => {
    const problems = validateGraph(kindGraph('mongodb', (g) => g.edges!.push({ from: 'billing', to: 'mongodb', database: 'admin' }))).problems;
    expect(problems.map((p) => p.message)).toEqual(["Edge billing → mongodb would give 'billing' the mongodb database 'admin', which the server keeps for itself"]);
  });
});
