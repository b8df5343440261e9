/**
 * Environments (`"environments"` in the graph, `TopologyProps.environments`): the schema and its
 * messages, the model of each environment, the layout synth writes, determinism, and the CLI
 * (`synth --env`, `synth --check` across environments, `validate`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonPatch } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Postgres, Topology, TopographApp, TopologyError, type TopologyGraph, validateGraph, WebService, synthesize } from '../src';
import { Testing } from '../src/testing';
import { DEPENDENCY_OVERRIDES, flattenGraph, SERVICE_OVERRIDES, TOPOLOGY_OVERRIDES } from '../src/graph/environments';
import { shopGraph, SHOP_DIR, synth } from './helpers/shop';
import { scratch, topograph } from './helpers/cli';

/** The shop example with a staging and a prod environment. */
function shopWithEnvironments(): TopologyGraph {
  return {
    ...shopGraph(),
    environments: {
      staging: { services: { billing: { replicas: 2 } } },
      prod: {
        version: '1.4.2',
        registry: 'ghcr.io/acme',
        services: {
          catalog: { replicas: 3, env: { LOG_LEVEL: 'warning', FEATURE_X: 'on' }, resources: { limits: { cpu: 2, memory: '1Gi' }, reservations: { cpu: '500m', memory: '512Mi' } } },
        },
        dependencies: { postgres: { external: true }, redis: { storage: '5Gi' } },
      },
    },
  };
}

const problemsOf = (graph: unknown) => validateGraph(graph).problems;
const messages = (graph: unknown) => problemsOf(graph).map((p) => p.message);

function modelOf(graph: unknown, environment?: string) {
  const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
  return Topology.fromGraph(app, 'shop', graph, { baseDir: SHOP_DIR }).toModel(environment);
}

/** The parsed objects of a YAML file, by `Kind/name`. */
function objects(text: string | undefined): Record<string, Record<string, any>> {
  const out: Record<string, Record<string, any>> = {};
  for (const doc of parseAllDocuments(text ?? '')) {
    const o = doc.toJS();
    if (o) out[`${o.kind}/${o.metadata?.name}`] = o;
  }
  return out;
}

describe('the environments schema', () => {
  it('accepts the overrides of each level', () => {
    expect(problemsOf(shopWithEnvironments())).toEqual([]);
  });

  it('builds each override from the lists in src/graph/environments.ts', () => {
    expect(Object.keys(SERVICE_OVERRIDES)).toEqual(['replicas', 'resources', 'env', 'autoscale', 'ingress']);
    expect(Object.keys(DEPENDENCY_OVERRIDES)).toEqual(['external', 'resources', 'storage']);
    expect(Object.keys(TOPOLOGY_OVERRIDES)).toEqual(['registry', 'version', 'secretStore', 'ingress', 'telemetry']);
  });

  it('reports every problem at once, each naming the value and the fix', () => {
    const graph = shopWithEnvironments() as any;
    graph.environments.Prod = {};
    graph.environments.prod.services.catalgo = { replicas: 2 };
    graph.environments.prod.services.catalog.public = true;
    graph.environments.prod.services.billing = { replicas: -1 };
    graph.environments.prod.dependencies.postgress = { external: true };
    graph.environments.prod.version = 'not a version!';
    const problems = problemsOf(graph);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: 'Invalid environment name for the topology', value: '"Prod"', action: expect.stringContaining('Did you mean') }),
        expect.objectContaining({ message: "Unknown field 'public' in environments.prod.services.catalog", expected: 'one of the fields an environment overrides here: replicas, resources, env, autoscale, ingress' }),
        expect.objectContaining({ message: 'Invalid replica count for billing in environment prod', value: '-1', expected: 'an integer from 0 to 1000' }),
        expect.objectContaining({ message: 'Invalid version for environment prod', action: 'Fix environments.prod.version in topology-graph.json' }),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses more than 16 environments', () => {
    const graph = { ...shopGraph(), environments: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`env-${i}`, {}])) };
    expect(problemsOf(graph)).toEqual([expect.objectContaining({ message: 'Invalid environments for the topology', expected: expect.stringContaining('at most 16 named environments') })]);
  });

  it('names unknown services and dependencies, with a hint', () => {
    const graph = { ...shopGraph(), environments: { prod: { services: { catalgo: { replicas: 2 }, redis: { replicas: 2 } }, dependencies: { postgress: { external: true } } } } };
    expect(problemsOf(graph)).toEqual([
      expect.objectContaining({ message: "Environment 'prod' overrides unknown service 'catalgo'", expected: 'a service of the topology: auth, billing, catalog', action: expect.stringContaining("Did you mean 'catalog'?") }),
      expect.objectContaining({ message: "Environment 'prod' overrides unknown service 'redis'", action: expect.stringContaining("'redis' is a dependency: move it to environments.prod.dependencies") }),
      expect.objectContaining({ message: "Environment 'prod' overrides unknown dependency 'postgress'", action: expect.stringContaining("Did you mean 'postgres'?") }),
    ]);
  });

  it('refuses a variable an edge sets and a secret, never showing the value', () => {
    const graph = { ...shopGraph(), environments: { prod: { services: { catalog: { env: { DATABASE_URL: 'postgres://db.example.com/catalog', JWT_SECRET: 'hunter2-hunter2' } } } } } };
    const problems = problemsOf(graph);
    expect(problems.map((p) => p.message)).toEqual([
      "Environment 'prod' overrides DATABASE_URL of service 'catalog', which edges[0] (catalog → postgres) sets",
      "Environment 'prod' gives secret JWT_SECRET of service 'catalog' a plain value",
    ]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
    expect(JSON.stringify(problems)).not.toContain('db.example.com');
  });

  it('checks each environment flattened: a problem only the overrides make is reported for that environment', () => {
    const graph = { ...shopGraph(), environments: { prod: { services: { catalog: { resources: { limits: { cpu: 1 }, reservations: { cpu: 2 } } } } } } };
    expect(problemsOf(graph)).toEqual([
      expect.objectContaining({ message: "In environment 'prod': Reservation above limit for catalog (cpu)", action: expect.stringContaining('environments.prod') }),
    ]);
  });

  it('flattens a graph: every override applied, env merged by name, no environments left', () => {
    const flat = flattenGraph(shopWithEnvironments(), 'prod');
    expect(flat.environments).toBeUndefined();
    expect(flat.version).toBe('1.4.2');
    expect(flat.registry).toBe('ghcr.io/acme');
    const catalog = flat.services.find((s) => s.name === 'catalog')!;
    expect(catalog.replicas).toBe(3);
    expect({ ...catalog.env }).toEqual({ LOG_LEVEL: 'warning', FEATURE_X: 'on' });
    expect(flat.dependencies!.find((d) => d.name === 'postgres')!.external).toBe(true);
    expect(flat.dependencies!.find((d) => d.name === 'redis')!.storage).toBe('5Gi');
  });
});

describe('the model of an environment', () => {
  it('applies the overrides of replicas, resources, env, registry and version', () => {
    const base = modelOf(shopWithEnvironments());
    const prod = modelOf(shopWithEnvironments(), 'prod');
    expect(base.environment).toBeUndefined();
    expect(prod.environment).toBe('prod');
    const catalog = prod.services.find((s) => s.name === 'catalog')!;
    expect(catalog.replicas).toBe(3);
    expect(catalog.resources).toEqual({ limits: { cpu: 2000, memory: 1024 ** 3 }, reservations: { cpu: 500, memory: 512 * 1024 ** 2 } });
    expect(catalog.env.find((e) => e.name === 'LOG_LEVEL')!.value).toEqual({ kind: 'plain', value: 'warning' });
    expect(catalog.env.find((e) => e.name === 'FEATURE_X')!.value).toEqual({ kind: 'plain', value: 'on' });
    expect(catalog.image).toBe('ghcr.io/acme/shop/catalog:1.4.2');
    expect(prod.version).toBe('1.4.2');
    expect(prod.dependencies.find((d) => d.name === 'redis')!.storage).toBe(5 * 1024 ** 3);
    // The base is untouched.
    const baseCatalog = base.services.find((s) => s.name === 'catalog')!;
    expect(baseCatalog.replicas).toBe(shopGraph().services.find((s) => s.name === 'catalog')!.replicas ?? 1);
    expect(baseCatalog.replicas).not.toBe(3);
    expect(baseCatalog.image).toBe('shop/catalog:0.1.0');
    expect(baseCatalog.env.find((e) => e.name === 'FEATURE_X')).toBeUndefined();
  });

  it('an external dependency in prod runs no container and hands its users the connection secret', () => {
    const prod = modelOf(shopWithEnvironments(), 'prod');
    expect(prod.dependencies.find((d) => d.name === 'postgres')!.external).toBe(true);
    const catalog = prod.services.find((s) => s.name === 'catalog')!;
    expect(catalog.env.find((e) => e.name === 'DATABASE_URL')!.value).toEqual({ kind: 'secret', secret: 'POSTGRES_CATALOG_URL' });
    expect(prod.secrets.map((s) => s.name)).toContain('POSTGRES_CATALOG_URL');
    expect(prod.secrets.map((s) => s.name)).not.toContain('POSTGRES_PASSWORD');
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    Topology.fromGraph(app, 'shop', shopWithEnvironments(), { baseDir: SHOP_DIR });
    const flat = app.synthFiles({ environment: 'prod' });
    expect(Object.keys(objects(flat['kubernetes/10-dependencies.yaml']))).not.toContain('StatefulSet/postgres');
    expect(Object.keys(objects(flat['kubernetes/10-dependencies.yaml']))).toContain('StatefulSet/redis');
    expect(Object.keys(parseAllDocuments(flat['docker/docker-compose.yml'])[0].toJS().services)).not.toContain('postgres');
    const base = app.synthFiles();
    expect(Object.keys(objects(base['kubernetes/10-dependencies.yaml']))).toContain('StatefulSet/postgres');
  });

  it('is computed once per environment, and refuses an undeclared one naming the declared', () => {
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    const topology = Topology.fromGraph(app, 'shop', shopWithEnvironments(), { baseDir: SHOP_DIR });
    expect(topology.environmentNames).toEqual(['staging', 'prod']);
    expect(topology.toModel('prod')).toBe(topology.toModel('prod'));
    expect(topology.toModel('prod')).not.toBe(topology.toModel());
    expect(() => topology.toModel('qa')).toThrow(TopologyError);
    expect(() => topology.toModel('qa')).toThrow(/no environment 'qa'[\s\S]*one of its environments: prod, staging/);
  });

  it('takes TopologyProps.environments in code, checked with the same schema and rules', () => {
    expect(() => new Topology(new TopographApp(), 'shop', { environments: { PROD: {} } })).toThrow(/Invalid environment name/);
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    const topology = new Topology(app, 'shop', { baseDir: SHOP_DIR, environments: { prod: { services: { catalog: { replicas: 4 }, ghost: { replicas: 1 } }, dependencies: { postgres: { external: true } } } } });
    const catalog = new WebService(topology, 'catalog', { runtime: 'python', framework: 'fastapi', port: 8000 });
    catalog.uses(new Postgres(topology, 'postgres'));
    expect(topology.validateTopology().map((p) => p.message)).toEqual(["Environment 'prod' overrides unknown service 'ghost'"]);
    const fixed = new Topology(new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') }), 'shop', { baseDir: SHOP_DIR, environments: { prod: { services: { catalog: { replicas: 4 } }, dependencies: { postgres: { external: true } } } } });
    const c = new WebService(fixed, 'catalog', { runtime: 'python', framework: 'fastapi', port: 8000 });
    c.uses(new Postgres(fixed, 'postgres'));
    const strained = new Topology(new TopographApp(), 'shop', { baseDir: SHOP_DIR, environments: { prod: { services: { catalog: { resources: { limits: { cpu: 1 }, reservations: { cpu: 2 } } } } } } });
    new WebService(strained, 'catalog', { runtime: 'python', framework: 'fastapi', port: 8000 });
    expect(strained.validateTopology().map((p) => p.message)).toEqual(["In environment 'prod': Reservation above limit for catalog (cpu)"]);
    expect(() => strained.toModel('prod')).toThrow(TopologyError);
    const prod = fixed.toModel('prod');
    expect(prod.services[0].replicas).toBe(4);
    expect(prod.services[0].env.find((e) => e.name === 'DATABASE_URL')!.value).toEqual({ kind: 'secret', secret: 'POSTGRES_CATALOG_URL' });
  });
});

describe('the layout with environments', () => {
  it('keeps a graph without environments (or with none declared) byte-identical', () => {
    const plain = synth(shopGraph()).files;
    expect(synth({ ...shopGraph(), environments: {} }).files).toEqual(plain);
    expect(Object.keys(plain).some((f) => f.includes('overlays') || f === 'kubernetes/Kustomization')).toBe(false);
  });

  it('writes the base, an overlay per environment and a compose override per environment', () => {
    const { files } = synth(shopWithEnvironments());
    const plain = synth(shopGraph()).files;
    for (const [file, content] of Object.entries(plain)) {
      if (file.startsWith('kubernetes/')) expect(files[file]).toBe(content);
      else expect(files[file]).toBe(content);
    }
    expect(files['docker/docker-compose.prod.yml']).toBeDefined();
    expect(files['docker/docker-compose.staging.yml']).toBeDefined();
    expect(Object.keys(files).some((f) => f.startsWith('kubernetes-overlays/prod/'))).toBe(true);
    expect(Object.keys(files).some((f) => f.startsWith('kubernetes-overlays/staging/'))).toBe(true);
    // prod needs other secrets (postgres is external there): its own .env example.
    expect(files['docker/.env.prod.example']).toContain('POSTGRES_CATALOG_URL=');
    expect(files['docker/.env.staging.example']).toBeUndefined();
    // The base stays where it is, with its kustomization beside it; nothing else joins it.
    expect(Object.keys(files).filter((f) => f.startsWith('kubernetes/') && !Object.hasOwn(plain, f))).toEqual(['kubernetes/Kustomization']);
  });

  it('does not depend on the order environments are declared in', () => {
    const graph = shopWithEnvironments();
    const reversed = { ...graph, environments: Object.fromEntries(Object.entries(graph.environments!).reverse()) };
    expect(Object.keys(reversed.environments!)).toEqual(['prod', 'staging']);
    expect(synth(reversed).files).toEqual(synth(graph).files);
  });

  it('renders one environment flattened, as if the graph had been written that way', () => {
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    Topology.fromGraph(app, 'shop', shopWithEnvironments(), { baseDir: SHOP_DIR });
    const flat = app.synthFiles({ environment: 'prod' });
    const written = synth(flattenGraph(shopWithEnvironments(), 'prod')).files;
    expect(flat).toEqual(written);
    expect(flat['kubernetes/20-services.yaml']).toContain('ghcr.io/acme/shop/catalog:1.4.2');
  });

  it('applies the escape hatches to every render', () => {
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    const topology = Topology.fromGraph(app, 'shop', shopWithEnvironments(), { baseDir: SHOP_DIR });
    topology.addKubernetesPatch({ kind: 'Deployment', name: 'catalog' }, JsonPatch.add('/spec/template/spec/priorityClassName', 'high'));
    topology.addComposeOverride(['services', 'catalog', 'labels', 'team'], 'shop');
    const files = app.synthFiles();
    expect(objects(files['kubernetes/20-services.yaml'])['Deployment/catalog'].spec.template.spec.priorityClassName).toBe('high');
    const prod = app.synthFiles({ environment: 'prod' });
    expect(objects(prod['kubernetes/20-services.yaml'])['Deployment/catalog'].spec.template.spec.priorityClassName).toBe('high');
    expect(prod['docker/docker-compose.yml']).toContain('team: "shop"');
  });

  it('leaves out, in an environment, the escape hatches of a dependency it does not run', () => {
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    const topology = Topology.fromGraph(app, 'shop', shopWithEnvironments(), { baseDir: SHOP_DIR });
    const postgres = topology.find('postgres') as Postgres;
    postgres.addKubernetesPatch('StatefulSet', JsonPatch.add('/spec/template/spec/priorityClassName', 'data'));
    postgres.addComposeOverride('ulimits.nofile', 65536);
    const files = app.synthFiles();
    expect(objects(files['kubernetes/10-dependencies.yaml'])['StatefulSet/postgres'].spec.template.spec.priorityClassName).toBe('data');
    expect(parseAllDocuments(files['docker/docker-compose.yml'])[0].toJS().services.postgres.ulimits).toEqual({ nofile: 65536 });
    const prod = app.synthFiles({ environment: 'prod' });
    expect(Object.keys(parseAllDocuments(prod['docker/docker-compose.yml'])[0].toJS().services)).not.toContain('postgres');
    expect(Object.keys(parseAllDocuments(app.synthFiles({ environment: 'staging' })['docker/docker-compose.yml'])[0].toJS().services)).toContain('postgres');
  });

  it('Testing.synth reads the base objects, or one environment flattened', () => {
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    Topology.fromGraph(app, 'shop', shopWithEnvironments(), { baseDir: SHOP_DIR });
    expect(Testing.synth(app).manifest('Deployment', 'catalog').spec.replicas).toBe(modelOf(shopGraph()).services.find((s) => s.name === 'catalog')!.replicas);
    expect(Testing.synth(app).manifests('Deployment').length).toBe(3);
    expect(Testing.synth(app, { environment: 'prod' }).manifest('Deployment', 'catalog').spec.replicas).toBe(3);
  });

  it('lints each environment, naming the overlay file, and reports a finding of the base once', () => {
    const app = new TopographApp({ outdir: scratch() });
    Topology.fromGraph(app, 'shop', shopWithEnvironments(), { baseDir: SHOP_DIR });
    const session = synthesize(app, { check: true });
    const files = session.lint!.findings.map((f) => f.file);
    const shown = new Set(files);
    expect(files.length).toBe(new Set(session.lint!.findings.map((f) => `${f.rule} ${f.file} ${f.message}`)).size);
    for (const f of shown) expect(f).toMatch(/^(docker\/docker-compose(\.(prod|staging))?\.yml|docker\/Dockerfile\.\w+|kubernetes\/(base|overlays\/(prod|staging))\/.+)$/);
    // A finding the base has is not repeated for an environment whose file differs elsewhere.
    const keyOf = (f: { rule: string; message: string; file: string }) => `${f.rule} ${f.message} ${f.file.replace(/overlays\/\w+\//, 'base/').replace(/docker-compose\.\w+\.yml/, 'docker-compose.yml')}`;
    const keys = session.lint!.findings.map(keyOf);
    expect(keys.length).toBe(new Set(keys).size);
  });
});

describe('the CLI with environments', () => {
  const write = (dir: string, graph: unknown) => {
    fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !/[\\/](dist|node_modules)([\\/]|$)/.test(src) });
    fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph, null, 2));
  };

  it('synth --env writes one environment flattened; an unknown one lists the declared', () => {
    const dir = scratch();
    write(dir, shopWithEnvironments());
    const flat = topograph(['synth', '--env', 'prod', '--out', 'flat', '--json'], { cwd: dir });
    expect(flat.code).toBe(0);
    expect(JSON.parse(flat.stdout)).toMatchObject({ ok: true, environment: 'prod' });
    expect(fs.existsSync(path.join(dir, 'flat', 'kubernetes', '20-services.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'flat', 'kubernetes', 'overlays'))).toBe(false);
    expect(topograph(['synth', '--env', 'prod', '--out', 'flat', '--check'], { cwd: dir }).code).toBe(0);
    // The flattened prod is not the layout: --check without --env sees the difference.
    expect(topograph(['synth', '--out', 'flat', '--check'], { cwd: dir }).code).toBe(1);
    const unknown = topograph(['synth', '--env', 'qa', '--out', 'flat'], { cwd: dir });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('topology-graph.json has no environment "qa"');
    expect(unknown.stderr).toContain('Expected: one of its environments: prod, staging');
  });

  it('synth prints how to apply each environment; --check finds drift in one environment', () => {
    const dir = scratch();
    write(dir, shopWithEnvironments());
    const first = topograph(['synth', '--out', 'dist'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Environments: prod, staging');
    expect(first.stdout).toContain('kubectl apply -k dist/kubernetes-overlays/prod');
    expect(first.stdout).toContain('docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d');
    expect(topograph(['synth', '--out', 'dist', '--check'], { cwd: dir }).code).toBe(0);
    const overlay = fs.readdirSync(path.join(dir, 'dist', 'kubernetes-overlays', 'staging')).find((f) => f.endsWith('.yaml'))!;
    fs.appendFileSync(path.join(dir, 'dist', 'kubernetes-overlays', 'staging', overlay), '# edited\n');
    const check = topograph(['synth', '--out', 'dist', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`dist/kubernetes-overlays/staging/${overlay} (differs)`);
    expect(check.stderr).toContain('1 generated file out of date');
  });

  it('validate reports the problems of an environment, and lists the environments', () => {
    const dir = scratch();
    write(dir, { ...shopGraph(), environments: { prod: { services: { catalgo: { replicas: 2 } } } } });
    const bad = topograph(['validate'], { cwd: dir });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("Environment 'prod' overrides unknown service 'catalgo'");
    write(dir, shopWithEnvironments());
    const ok = topograph(['validate', '--json'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).environments).toEqual(['prod', 'staging']);
  });
});

it('messages name environment fields like the fields they override', () => {
  expect(messages({ ...shopGraph(), environments: { prod: { dependencies: { redis: { storage: 'lots' } } } } })).toEqual(['Invalid storage size for dependency redis in environment prod']);
});
