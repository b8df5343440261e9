/**
 * What every dependency kind must do, as one table-driven specification each kind's test file
 * (test/dependencies/<kind>.test.ts) runs with its own expectations: the compose service (image,
 * health check, volume, hardening, secrets as `${…:?}` interpolation), the Kubernetes StatefulSet,
 * headless Service and volume claim (with the sub-path where the image needs one), the connection
 * URL a service gets (the same in compose and Kubernetes), per-service databases where the kind
 * has them, and `external: true`.
 */
import { parse } from 'yaml';
import { KindDependency, Topology, TopographApp, validateGraph, WebService, type TopologyGraph } from '../../src';
import { HOSTILE_STRINGS } from '../escape/corpus';
import { container, type Manifest, render, type Rendered } from '../kubernetes/helpers';
import { SHOP_DIR, shopGraph, synth } from '../helpers/shop';

export { render } from '../kubernetes/helpers';

/** What a kind's test expects of it. */
export interface KindExpectations {
  readonly type: string;
  readonly image: string;
  readonly port: number;
  /** The health check command (exec form, as the model holds it: compose writes `$` as `$$`). */
  readonly healthCheck: readonly string[];
  readonly dataPath?: string;
  readonly dataSubPath?: string;
  readonly uid?: number;
  readonly capabilities?: readonly string[];
  readonly writableRoot?: boolean;
  /** Container variable → secret variable (for a dependency named like the kind). */
  readonly secretEnv?: Readonly<Record<string, string>>;
  /** The variable a service gets. */
  readonly connectionEnv: string;
  /** The URL service `catalog` gets, with `{password}` where its password secret goes, e.g. `mysql://catalog:{MYSQL_CATALOG_PASSWORD}@mysql:3306/catalog`. */
  readonly url: string;
  /** Whether edges to it may name a database. */
  readonly databases: boolean;
}

/** The shop's catalog (and, for kinds with databases, billing with database "ledger") using one dependency of `type`, named like it. */
export function kindGraph(type: string, change: (graph: TopologyGraph) => void = () => {}): TopologyGraph {
  const shop = shopGraph();
  const graph: TopologyGraph = {
    name: 'kinds',
    version: '0.1.0',
    services: shop.services.filter((s) => s.name === 'catalog' || s.name === 'billing'),
    dependencies: [{ name: type, type: type as never, resources: { limits: { cpu: 1, memory: '1Gi' } } }],
    edges: [{ from: 'catalog', to: type }],
  };
  change(graph);
  return graph;
}

/** The compose file and the manifests of a graph. */
export function both(graph: TopologyGraph): { compose: any; k8s: Rendered; files: Record<string, string> } {
  const files = synth(graph, { targets: ['compose'] }).files;
  return { compose: parse(files['docker/docker-compose.yml']), k8s: render(graph), files };
}

/** A compose `${NAME:?message}` interpolation as the secret it names: `{NAME}`. */
export function composeSecrets(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+):\?[^}]*\}/g, '{$1}');
}

/** A Kubernetes `$(NAME)` reference as `{NAME}`. */
export function kubernetesSecrets(value: string): string {
  return value.replace(/\$\(([A-Z0-9_]+)\)/g, '{$1}');
}

/** The value a container's variable gets: a plain value, or `secret:<key>`. */
function k8sEnv(c: any, name: string): string | undefined {
  const e = (c.env ?? []).find((v: any) => v.name === name);
  if (!e) return undefined;
  if (e.value !== undefined) return e.value;
  if (e.valueFrom?.secretKeyRef) return `secret:${e.valueFrom.secretKeyRef.key}`;
  return `config:${e.valueFrom.configMapKeyRef.key}`;
}

/** The value of a service's variable in Kubernetes, its ConfigMap entry resolved. */
export function kubernetesValue(k8s: Rendered, service: string, name: string): string | undefined {
  const workload = k8s.has('Deployment', service) ? k8s.get('Deployment', service) : k8s.get('StatefulSet', service);
  const value = k8sEnv(container(workload), name);
  if (value?.startsWith('config:')) return k8s.get('ConfigMap', `${service}-config`).data![value.slice('config:'.length)];
  return value;
}

/** Runs the shared specification for one kind. */
export function describeKind(k: KindExpectations): void {
  describe(`${k.type}: compose`, () => {
    const { compose } = both(kindGraph(k.type));
    const entry = compose.services[k.type];

    it('runs the pinned official image with a health check that exercises the server', () => {
      expect(entry.image).toBe(k.image);
      expect(entry.healthcheck.test).toEqual(['CMD', ...k.healthCheck.map((a) => a.replace(/\$/g, '$$$$'))]);
    });

    it(k.dataPath ? 'keeps its data in a named volume' : 'keeps no data (no volume)', () => {
      const volumes: string[] = (entry.volumes ?? []).filter((v: string) => !v.startsWith('./init/'));
      expect(volumes).toEqual(k.dataPath ? [`${k.type}-data:${k.dataPath}`] : []);
      if (k.dataPath) expect(Object.keys(compose.volumes)).toContain(`${k.type}-data`);
    });

    it('is hardened: every capability dropped but what its entrypoint needs, no new privileges', () => {
      expect(entry.cap_drop).toEqual(['ALL']);
      expect(entry.cap_add).toEqual(k.capabilities && k.capabilities.length ? [...k.capabilities] : undefined);
      expect(entry.security_opt).toEqual(['no-new-privileges:true']);
      expect(entry.read_only).toBe(k.writableRoot ? undefined : true);
      expect(entry.tmpfs).toContain('/tmp');
    });

    it('gets its credentials as secrets, never values', () => {
      for (const [variable, secret] of Object.entries(k.secretEnv ?? {})) {
        expect(entry.environment[variable]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
      }
      for (const [variable, value] of Object.entries(entry.environment ?? {})) {
        if (/PASS|SECRET/.test(variable)) expect(value).toMatch(/^\$\{[A-Z0-9_]+:\?/);
      }
    });

    it('is the same built in code (new KindDependency), where every pack field passes the grammar', () => {
      const app = new TopographApp({ outdir: `${SHOP_DIR}/dist` });
      const topology = new Topology(app, 'kinds', { baseDir: SHOP_DIR });
      const dependency = new KindDependency(topology, k.type, { type: k.type, resources: { limits: { cpu: 1, memory: '1Gi' } } });
      new WebService(topology, 'catalog', { runtime: 'python', framework: 'fastapi', port: 8001, build: { context: 'catalog' } }).uses(dependency);
      expect(parse(app.synthFiles({ targets: ['compose'] })['docker/docker-compose.yml']).services[k.type]).toEqual(entry);
    });

    it('hands its users the connection variable, waiting until it is healthy', () => {
      expect(composeSecrets(compose.services.catalog.environment[k.connectionEnv])).toBe(k.url);
      expect(compose.services.catalog.depends_on[k.type]).toEqual({ condition: 'service_healthy' });
    });
  });

  describe(`${k.type}: Kubernetes`, () => {
    const { compose, k8s } = both(kindGraph(k.type));
    const set = k8s.get('StatefulSet', k.type);
    const c = container(set);

    it('runs a StatefulSet of one pod with the same image, probes running the same command', () => {
      expect(set.spec.replicas).toBe(1);
      expect(c.image).toBe(k.image);
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(c[probe].exec.command).toEqual([...k.healthCheck]);
      expect(c.ports).toEqual([expect.objectContaining({ containerPort: k.port })]);
    });

    it('runs as the image user, non-root, read-only unless the image writes its configuration', () => {
      const pod = set.spec.template.spec.securityContext;
      if (k.uid !== undefined) expect(pod).toMatchObject({ runAsUser: k.uid, fsGroup: k.uid, runAsNonRoot: true });
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: !k.writableRoot, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    });

    it('is reached through a headless Service of its name on its port', () => {
      const svc = k8s.get('Service', k.type);
      expect(svc.spec.clusterIP).toBe('None');
      expect(svc.spec.ports).toEqual([expect.objectContaining({ port: k.port, targetPort: k.port })]);
    });

    it(k.dataPath ? `keeps its data in a volume claim${k.dataSubPath ? `, in the sub-path "${k.dataSubPath}"` : ''}` : 'has no volume claim', () => {
      const mount = (c.volumeMounts ?? []).find((m: any) => m.name === 'data');
      if (!k.dataPath) {
        expect(mount).toBeUndefined();
        expect(set.spec.volumeClaimTemplates).toBeUndefined();
        return;
      }
      expect(mount).toEqual({ name: 'data', mountPath: k.dataPath, ...(k.dataSubPath ? { subPath: k.dataSubPath } : {}) });
      expect(set.spec.volumeClaimTemplates).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ name: 'data' }), spec: expect.objectContaining({ accessModes: ['ReadWriteOnce'] }) })]);
    });

    it('reads its credentials from the Secret', () => {
      for (const [variable, secret] of Object.entries(k.secretEnv ?? {})) expect(k8sEnv(c, variable)).toBe(`secret:${secret}`);
    });

    it('hands its users the same URL as compose does', () => {
      const value = kubernetesValue(k8s, 'catalog', k.connectionEnv)!;
      expect(kubernetesSecrets(value)).toBe(k.url);
      expect(kubernetesSecrets(value)).toBe(composeSecrets(compose.services.catalog.environment[k.connectionEnv]));
    });
  });

  describe(`${k.type}: databases`, () => {
    const graph = kindGraph(k.type, (g) => g.edges!.push({ from: 'billing', to: k.type, database: 'ledger' }));
    if (!k.databases) {
      it('refuses "database" on an edge to it, naming the kinds that have databases', () => {
        expect(validateGraph(graph).problems).toEqual([
          expect.objectContaining({
            message: `Edge billing → ${k.type} names a database, but '${k.type}' is ${k.type}, which has no databases`,
            expected: '"database" only on edges to a postgres, mysql, mariadb or mongodb dependency',
          }),
        ]);
      });
      return;
    }
    it("gives each user its own database: the edge's, else the service's name", () => {
      const { compose, k8s } = both(graph);
      const billing = k.url.replace(/catalog/g, 'billing').replace(/CATALOG/g, 'BILLING').replace(/\/billing$/, '/ledger');
      expect(composeSecrets(compose.services.billing.environment[k.connectionEnv])).toBe(billing);
      expect(kubernetesSecrets(kubernetesValue(k8s, 'billing', k.connectionEnv)!)).toBe(billing);
    });

    it('refuses a database name outside the grammar (a DNS label) before anything is written', () => {
      for (const hostile of [...HOSTILE_STRINGS.filter((h) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(h)), 'Ledger', 'a_b', 'x;y', '`db`']) {
        const bad = kindGraph(k.type, (g) => g.edges!.push({ from: 'billing', to: k.type, database: hostile }));
        expect({ hostile, problems: validateGraph(bad).problems.length > 0 }).toEqual({ hostile, problems: true });
      }
    });
  });

  describe(`${k.type}: external`, () => {
    const graph = kindGraph(k.type, (g) => (g.dependencies![0] = { name: k.type, type: k.type as never, external: true }));
    const { compose, k8s } = both(graph);

    it('runs nothing: its users read their whole URL from a secret', () => {
      expect(compose.services[k.type]).toBeUndefined();
      expect(k8s.has('StatefulSet', k.type)).toBe(false);
      expect(compose.services.catalog.environment[k.connectionEnv]).toMatch(/^\$\{[A-Z0-9_]+_URL:\?/);
      expect(kubernetesValue(k8s, 'catalog', k.connectionEnv)).toMatch(/^secret:[A-Z0-9_]+_URL$/);
    });
  });
}

/** The init file of dependency `name` in the compose output (`docker/init/<name>/<file>`), when there is one. */
export function initFile(files: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(files).find((f) => f.startsWith(`docker/init/${name}/`));
  return key === undefined ? undefined : files[key];
}

export type { Manifest };
