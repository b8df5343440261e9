import { parse } from 'yaml';
import { Topology, TopographApp, type TopologyGraph } from '../../src';
import { renderKubernetes } from '../../src/kubernetes';
import type { TopologyModel } from '../../src/model';
import { SHOP_DIR, shopGraph } from '../helpers/shop';

export { shopGraph, shuffled } from '../helpers/shop';

/** The resolved model of a graph (build contexts relative to the shop example). */
export function modelOf(graph: unknown): TopologyModel {
  const app = new TopographApp({ outdir: '/tmp/topograph-k8s-test' });
  return Topology.fromGraph(app, 'topology', graph, { baseDir: SHOP_DIR }).toModel();
}

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec?: any;
  readonly data?: Record<string, string>;
  readonly [key: string]: any;
}

export interface Rendered {
  readonly model: TopologyModel;
  readonly files: Record<string, string>;
  /** Every object, with the file it is in. */
  readonly objects: Array<{ file: string; object: Manifest }>;
  /** The object of `kind` named `name`; throws when there is none. */
  get(kind: string, name: string): Manifest;
  /** Every object of `kind`. */
  all(kind: string): Manifest[];
  has(kind: string, name: string): boolean;
}

export function render(graph: unknown): Rendered {
  const model = modelOf(graph);
  const files = renderKubernetes(model);
  const objects = Object.entries(files).flatMap(([file, text]) =>
    text
      .split(/^---\n/m)
      .slice(1)
      .map((doc) => ({ file, object: parse(doc, { version: '1.1' }) as Manifest })),
  );
  const nameOf = (o: Manifest) => o.metadata.name ?? o.metadata.generateName;
  return {
    model,
    files,
    objects,
    get(kind, name) {
      const found = objects.find((o) => o.object.kind === kind && nameOf(o.object) === name);
      if (!found) throw new Error(`no ${kind} ${name}; have ${objects.map((o) => `${o.object.kind}/${nameOf(o.object)}`).join(', ')}`);
      return found.object;
    },
    all: (kind) => objects.filter((o) => o.object.kind === kind).map((o) => o.object),
    has: (kind, name) => objects.some((o) => o.object.kind === kind && nameOf(o.object) === name),
  };
}

/** The pod template of a workload object (Deployment, StatefulSet, Job, CronJob). */
export function podTemplate(o: Manifest): { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: any } {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'CronJob'];

/** Whether `selector` (matchLabels) selects a pod with `labels`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export function container(o: Manifest, name?: string): any {
  const containers = podTemplate(o).spec.containers;
  return name ? containers.find((c: any) => c.name === name) : containers[0];
}

/** Env list of a container as `{name: what}` in order, for compact assertions. */
export function envOf(c: any): Array<[string, string]> {
  return (c.env ?? []).map((e: any) => {
    if (e.value !== undefined) return [e.name, `value:${e.value}`];
    if (e.valueFrom.secretKeyRef) return [e.name, `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`];
    return [e.name, `config:${e.valueFrom.configMapKeyRef.name}/${e.valueFrom.configMapKeyRef.key}`];
  });
}

/**
 * A topology with one of everything the renderer distinguishes: a public web-service with 3
 * replicas and its own health settings, a worker without a port that calls it, a scheduled and a
 * run-once data-pipeline, a cli-tool, a library, an in-cluster postgres with resources and a
 * size, an external postgres and a redis; a namespace and a registry.
 */
export function labGraph(): TopologyGraph {
  return {
    name: 'lab',
    version: '1.2.0-rc.7',
    namespace: 'lab-prod',
    registry: 'ghcr.io/acme',
    services: [
      {
        name: 'api',
        archetype: 'web-service',
        runtime: 'node',
        port: 8080,
        public: true,
        replicas: 3,
        build: { context: 'billing' },
        env: { MODE: 'on', GREETING: 'hello $USER: "quoted"' },
        secrets: ['API_KEY'],
        health: { path: '/ready', interval: '5s', timeout: '2s', retries: 4, startPeriod: '1m' },
        resources: { limits: { cpu: '1500m', memory: '1Gi' }, reservations: { cpu: 0.25, memory: '256Mi' } },
      },
      { name: 'jobs', archetype: 'worker', runtime: 'python', build: { context: 'catalog' } },
      { name: 'nightly', archetype: 'data-pipeline', runtime: 'python', build: { context: 'catalog' }, schedule: '0 3 * * *' },
      { name: 'backfill', archetype: 'data-pipeline', runtime: 'node', build: { context: 'billing' } },
      { name: 'admin', archetype: 'cli-tool', runtime: 'bun', build: { context: 'auth' } },
      { name: 'shared', archetype: 'library', runtime: 'node', build: { context: 'billing' } },
    ],
    dependencies: [
      { name: 'db', type: 'postgres', version: '16', storage: '20Gi', resources: { limits: { memory: '2Gi' }, reservations: { cpu: '500m', memory: '1Gi' } } },
      { name: 'warehouse', type: 'postgres', external: true },
      { name: 'cache', type: 'redis' },
    ],
    edges: [
      { from: 'api', to: 'db' },
      { from: 'api', to: 'cache' },
      { from: 'jobs', to: 'api' },
      { from: 'jobs', to: 'db', database: 'api' },
      { from: 'nightly', to: 'warehouse', env: 'WAREHOUSE_URL' },
      { from: 'nightly', to: 'db', database: 'api' },
      { from: 'backfill', to: 'db', database: 'api' },
      { from: 'admin', to: 'api' },
    ],
  };
}

/**
 * Every kind of port and health check: a container port behind another Service port and host
 * port, a public service with a private port, gRPC (default check, a named service, gRPC
 * liveness), TCP, UDP (no check), exec readiness and liveness, a port-less exec check, kind none.
 */
export function portsGraph(): TopologyGraph {
  return {
    name: 'ports',
    services: [
      {
        name: 'frontend',
        archetype: 'web-service',
        runtime: 'node',
        public: true,
        secrets: ['SESSION_KEY'],
        ports: [
          { name: 'http', port: 80, servicePort: 8080, host: 8080 },
          { name: 'metrics', port: 9100, protocol: 'tcp', host: 9100, public: false },
        ],
        build: { context: 'billing' },
      },
      {
        name: 'catalog',
        archetype: 'web-service',
        runtime: 'node',
        ports: [{ name: 'grpc', port: 3550, protocol: 'grpc' }, { name: 'admin', port: 9000, host: 9000, public: true }],
        health: { service: 'shop.Catalog', liveness: { kind: 'grpc' } },
        build: { context: 'billing' },
      },
      {
        name: 'cart',
        archetype: 'web-service',
        runtime: 'python',
        ports: [{ port: 7070, servicePort: 7000, protocol: 'tcp' }],
        build: { context: 'catalog' },
      },
      { name: 'dns', archetype: 'worker', runtime: 'bun', ports: [{ port: 5353, protocol: 'udp' }], build: { context: 'auth' } },
      {
        name: 'checker',
        archetype: 'web-service',
        runtime: 'bun',
        port: 8080,
        health: { kind: 'exec', command: ['/app/check', '--ready'], liveness: { kind: 'exec', command: ['/app/check'] } },
        build: { context: 'auth' },
      },
      { name: 'quiet', archetype: 'web-service', runtime: 'node', port: 8081, health: { kind: 'none' }, build: { context: 'billing' } },
      { name: 'poller', archetype: 'worker', runtime: 'python', health: { kind: 'exec', command: ['python', '-m', 'poller.alive'] }, build: { context: 'catalog' } },
    ],
    edges: [
      { from: 'frontend', to: 'catalog' },
      { from: 'frontend', to: 'cart' },
      { from: 'frontend', to: 'dns' },
      { from: 'frontend', to: 'checker' },
      { from: 'frontend', to: 'quiet' },
      { from: 'poller', to: 'frontend' },
    ],
  };
}

export { SHOP_DIR };
export const shop = () => render(shopGraph());
