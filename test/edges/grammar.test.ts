/**
 * The edge fields' grammar and the topology checks on them, through the JSON door (validateGraph)
 * and the code door (calls/uses): each refusal names the value and the fix.
 */
import { App } from 'cdk8s';
import { Job, Postgres, Topology, WebService, Worker } from '../../src';
import { validateGraph } from '../../src/graph/validate';
import { targetPort } from '../../src/graph/target-port';
import { defaultWait } from '../../src/graph/edge-wait';
import { edgesGraph } from './graph';

function problemsOf(change: (g: any) => void): string[] {
  const graph: any = edgesGraph();
  change(graph);
  return validateGraph(graph).problems.map((p) => [p.message, p.value, p.expected, p.action].filter(Boolean).join(' | '));
}

it('accepts the graph with every edge field', () => {
  expect(problemsOf(() => {})).toEqual([]);
});

describe('refuses, naming the value and the fix', () => {
  const cases: Array<[string, (g: any) => void, RegExp]> = [
    ['an unknown template placeholder, with the list', (g) => (g.edges[2].template = 'x://{host}:{prot}'), /placeholders only among \{host\} \{port\} \{scheme\} \{database\} \{user\} \{password\}/],
    ['a stray brace in a template', (g) => (g.edges[2].template = 'x://{host}}'), /placeholders only among/],
    ['format and template together', (g) => (g.edges[2].format = 'url'), /has both "format" and "template"/],
    ['an unknown format', (g) => (g.edges[0].format = 'hostport'), /url, address, none/],
    ['a user from a target without one', (g) => g.edges.push({ from: 'worker', to: 'api', userEnv: 'API_USER' }), /asks for the user of 'api', which has none/],
    ['a port the target does not have', (g) => (g.edges[0].port = 'grpc-web'), /names a port 'api' does not have.*9000 or its name/],
    ['a port number the target does not have', (g) => (g.edges[0].port = 9001), /names a port 'api' does not have/],
    ['"completed" on a service that keeps running', (g) => (g.edges[0].wait = 'completed'), /waits for 'api' to complete, but it is a web-service/],
    ['"healthy" on a target without a health check', (g) => g.edges.push({ from: 'web', to: 'mailer', wait: 'healthy' }), /has no health check|'mailer' has no port to call/],
    ['a wait on a service in another profile', (g) => (g.services[3].profile = 'extras'), /waits for 'api', which is in compose profile 'extras'/],
    ['an edge across segments', (g) => (g.services[0].segments = ['front']), /crosses segments: 'web' is in front, 'api' in back/],
    ['an undeclared segment', (g) => (g.services[2].segments = ['middle']), /joins segment 'middle', which is not declared.*one of: front, back/],
    ['a duplicate alias', (g) => (g.dependencies[1].aliases = ['db']), /Alias 'db' of dependencies\[redis\] is taken/],
    ['an alias taken by a name', (g) => (g.dependencies[1].aliases = ['web']), /Alias 'web' of dependencies\[redis\] is taken/],
    ['a secret placeholder naming no secret of the service', (g) => (g.services[0].env.AUTH_HEADER = { template: 'Bearer {secret:OTHER}' }), /reads secret OTHER, which is not in its "secrets".*Add "OTHER"/],
    ['a template placeholder other than {secret:NAME}', (g) => (g.services[1].command[2] = { template: '--token={API_TOKEN}' }), /\{secret:NAME\}/],
    ['a profile that is not a DNS label', (g) => (g.services[4].profile = 'Reports'), /profile|DNS label/i],
    ['a job with a health check', (g) => (g.services[2].health = { path: '/x' }), /Job seed has a health check/],
    ['shaping an external dependency\'s connection', (g) => {
      g.dependencies.push({ name: 'warehouse', type: 'postgres', external: true, segments: ['back'] });
      g.edges.push({ from: 'worker', to: 'warehouse', env: 'WAREHOUSE', format: 'address' });
    }, /shapes the connection of 'warehouse', which is external/],
    ['a connection variable set twice', (g) => (g.edges[1].portEnv = 'API_ADDR'), /Service 'web' gets API_ADDR twice/],
    ['a connection to a job', (g) => (g.edges[3].env = 'SEED_URL'), /shapes a connection, but 'seed' is a job/],
  ];
  it.each(cases)('%s', (_, change, expected) => {
    const problems = problemsOf(change);
    expect(problems.join('\n')).toMatch(expected);
  });
});

describe('the code door', () => {
  it('takes the same fields on calls and uses, and checks them at the line that wrote them', () => {
    const topology = new Topology(new App(), 'shop', { segments: ['back'] });
    const api = new WebService(topology, 'api', { runtime: 'go', port: 9000, aliases: ['backend'] });
    const worker = new Worker(topology, 'worker', { runtime: 'go', secrets: ['TOKEN'], env: { AUTH: { template: 'Bearer {secret:TOKEN}' } } });
    const seed = new Job(topology, 'seed', { runtime: 'python' });
    const db = new Postgres(topology, 'db');
    worker.calls(api, { env: 'API_ADDR', format: 'address', wait: 'started' }).calls(seed).uses(db, { template: '{host}:{port}/{database}', env: 'DSN', passwordEnv: 'DB_PASSWORD' });
    expect(() => worker.uses(db, { format: 'hostport' as never })).toThrow(/url, address, none/);
    const model = topology.toModel();
    expect(model.edges.map((e) => `${e.from}→${e.to}:${e.wait}`)).toEqual(['worker→api:started', 'worker→db:healthy', 'worker→seed:completed']);
    const env = Object.fromEntries(model.services.find((s) => s.name === 'worker')!.env.map((v) => [v.name, v.value]));
    expect(env.API_ADDR).toEqual({ kind: 'template', parts: [{ kind: 'text', text: 'api:' }, { kind: 'port', host: 'api', port: 9000 }] });
    expect(env.DB_PASSWORD).toEqual({ kind: 'secret', secret: 'DB_WORKER_PASSWORD' });
    expect(env.AUTH).toEqual({ kind: 'template', parts: [{ kind: 'text', text: 'Bearer ' }, { kind: 'secret', secret: 'TOKEN' }] });
    expect(model.services.find((s) => s.name === 'api')!.aliases).toEqual(['backend']);
    expect(model.segments).toEqual(['back']);
    expect(model.services.every((s) => s.segments.join() === 'back')).toBe(true);
  });

  it('reports a cross-segment edge made in code through node.validate', () => {
    const topology = new Topology(new App(), 'shop', { segments: ['front', 'back'] });
    const api = new WebService(topology, 'api', { runtime: 'go', port: 9000, segments: ['back'] });
    new WebService(topology, 'web', { runtime: 'go', port: 9001 }).calls(api);
    expect(topology.node.validate().join('\n')).toMatch(/Edge web → api crosses segments: 'web' is in front, 'api' in back/);
  });
});

describe('defaults, decided in one place', () => {
  it('waits completed for a job, started without a health check, else healthy', () => {
    expect(defaultWait({ kind: 'service', archetype: 'job', hasHealthCheck: false })).toBe('completed');
    expect(defaultWait({ kind: 'service', archetype: 'worker', hasHealthCheck: false })).toBe('started');
    expect(defaultWait({ kind: 'service', archetype: 'web-service', hasHealthCheck: true })).toBe('healthy');
    expect(defaultWait({ kind: 'dependency', hasHealthCheck: true })).toBe('healthy');
  });

  it('looks an edge port up by number or the primary port\'s default name', () => {
    expect([targetPort(8080, undefined), targetPort(8080, 8080), targetPort(8080, 'http'), targetPort(8080, 'grpc')]).toEqual([8080, 8080, 8080, 8080]);
    expect([targetPort(8080, 8081), targetPort(8080, 'metrics'), targetPort(undefined, 'http')]).toEqual([undefined, undefined, undefined]);
  });
});
