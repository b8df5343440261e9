/**
 * Compose and Kubernetes agree on every edge field, from the same graph (issue 17): the
 * environment each container sees once its reader has resolved it (compose interpolation from
 * .env; the kubelet's `$(VAR)` expansion over secretKeyRefs), who waits for whom and how,
 * aliases, networks and segment labels.
 */
import { parse } from 'yaml';
import { renderCompose } from '../../src/render/compose';
import { podTemplate, render, type Manifest, type Rendered } from '../kubernetes/helpers';
import { edgesGraph } from './graph';

/** Stand-in secret values, one per secret name. */
const secretValue = (name: string) => `s3cret-${name.toLowerCase()}`;

/** A compose value as compose resolves it: `${X:?…}` from .env, `$$` → `$`. */
function composeResolve(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    if (value.startsWith('$$', i)) {
      out += '$';
      i += 2;
      continue;
    }
    const ref = /^\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]*\}/.exec(value.slice(i));
    if (ref) {
      out += secretValue(ref[1]);
      i += ref[0].length;
      continue;
    }
    if (value[i] === '$') throw new Error(`unescaped $ in compose value ${value}`);
    out += value[i++];
  }
  return out;
}

/** The kubelet's expansion (k8s.io/kubernetes third_party/forked/golang/expansion): `$$` → `$`, `$(X)` → X when defined earlier, else kept. */
function kubeletExpand(value: string, defined: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$' || i + 1 >= value.length) {
      out += value[i];
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = value.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
        continue;
      }
      const name = value.slice(i + 2, close);
      out += name in defined ? defined[name] : `$(${name})`;
      i = close;
    } else {
      out += `$${next}`;
      i++;
    }
  }
  return out;
}

/** Each env var of a container as the process sees it. */
function kubernetesEnv(r: Rendered, container: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.valueFrom?.configMapKeyRef) out[e.name] = r.get('ConfigMap', e.valueFrom.configMapKeyRef.name).data![e.valueFrom.configMapKeyRef.key];
    else if (e.valueFrom?.secretKeyRef) out[e.name] = secretValue(e.valueFrom.secretKeyRef.key);
    else out[e.name] = kubeletExpand(String(e.value), out);
  }
  return out;
}

const r = render(edgesGraph());
const builds = Object.fromEntries(r.model.services.map((s) => [s.name, { context: s.context, dockerfile: `Dockerfile.${s.name}` }]));
const composeText = renderCompose(r.model, { builds });
const compose = parse(composeText) as { services: Record<string, any>; networks: Record<string, unknown> };
const workload = (name: string): Manifest => r.objects.map((o) => o.object).find((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind) && o.metadata.name === name)!;

describe('edge connections: the same environment in compose and Kubernetes', () => {
  it.each(Object.keys(compose.services))('%s sees the same values', (name) => {
    const entry = compose.services[name];
    const expected = Object.fromEntries(Object.entries((entry.environment ?? {}) as Record<string, string>).map(([k, v]) => [k, composeResolve(v)]));
    const env = kubernetesEnv(r, podTemplate(workload(name)).spec.containers[0]);
    for (const [k, v] of Object.entries(expected)) expect({ name, k, v: env[k] }).toEqual({ name, k, v });
    // Kubernetes may define more: only the secret variables its expansions read.
    for (const extra of Object.keys(env).filter((k) => !(k in expected))) expect(env[extra]).toBe(secretValue(extra));
  });

  it('writes each format as the app reads it', () => {
    const web = compose.services.web.environment;
    expect(composeResolve(web.API_ADDR)).toBe('api:9000');
    expect([web.REDIS_HOST, web.REDIS_PORT, web.REDIS_URL]).toEqual(['redis', '6379', 'redis://redis:6379']);
    const worker = kubernetesEnv(r, podTemplate(workload('worker')).spec.containers[0]);
    expect(worker.JDBC_URL).toBe(`jdbc:postgresql://postgres:5432/worker?user=worker&password=${secretValue('POSTGRES_WORKER_PASSWORD')}&ssl=$off`);
    expect([worker.DB_HOST, worker.DB_PORT, worker.DB_USER, worker.DB_NAME, worker.DB_PASSWORD]).toEqual(['postgres', '5432', 'worker', 'worker', secretValue('POSTGRES_WORKER_PASSWORD')]);
    // format "none": only the split variables.
    expect(compose.services.seed.environment).toEqual({ PGHOST: 'postgres' });
    // An edge to a job sets nothing.
    expect(Object.keys(compose.services.api.environment ?? {})).toEqual([]);
  });

  it('never writes a secret value, and escapes literal "$" for each reader', () => {
    for (const text of [composeText, ...Object.values(r.files)]) expect(text).not.toContain('s3cret');
    expect(compose.services.web.environment.AUTH_HEADER).toMatch(/^Bearer \$\{API_TOKEN:\?[^}]*\} \$\$HOME \$\$\(HOME\)$/);
    const expansion = podTemplate(workload('web')).spec.containers[0].env.find((e: any) => e.name === 'AUTH_HEADER');
    expect(expansion.value).toBe('Bearer $(API_TOKEN) $$HOME $$(HOME)');
    expect(kubernetesEnv(r, podTemplate(workload('web')).spec.containers[0]).AUTH_HEADER).toBe(`Bearer ${secretValue('API_TOKEN')} $HOME $(HOME)`);
    // Password variables are secretKeyRefs, never values.
    const dbPassword = podTemplate(workload('worker')).spec.containers[0].env.find((e: any) => e.name === 'DB_PASSWORD');
    expect(dbPassword.valueFrom.secretKeyRef.key).toBe('POSTGRES_WORKER_PASSWORD');
  });

  it('runs a command holding a secret whole, with the secret resolved at run time', () => {
    const entrypoint = (compose.services.worker.entrypoint as string[]).map(composeResolve);
    const command = (podTemplate(workload('worker')).spec.containers[0].command as string[]).map((a) => kubeletExpand(a, kubernetesEnv(r, podTemplate(workload('worker')).spec.containers[0])));
    expect(entrypoint).toEqual(['node', 'dist/index.js', `--token=${secretValue('API_TOKEN')}`, '--price=$5']);
    expect(command).toEqual(entrypoint);
  });
});

describe('edge waits: depends_on and init containers agree', () => {
  /** compose: target → condition; Kubernetes: target → what the init container does. */
  const KUBERNETES_OF: Record<string, string> = { service_healthy: 'connect', service_started: 'connect', service_completed_successfully: 'job' };
  it.each(Object.keys(compose.services).filter((n) => r.model.services.some((s) => s.name === n)))('%s waits for the same things', (name) => {
    const dependsOn = (compose.services[name].depends_on ?? {}) as Record<string, { condition: string }>;
    const inits = (podTemplate(workload(name)).spec.initContainers ?? []) as any[];
    const kubernetes = Object.fromEntries(
      inits.map((c) => [c.name.replace(/^wait-for-/, ''), c.command[0] === 'kubectl' ? 'job' : 'connect']),
    );
    // A connect wait exists only for targets with a port (a port-less target is not waited for in Kubernetes).
    const expected = Object.fromEntries(
      Object.entries(dependsOn)
        .filter(([target, d]) => d.condition === 'service_completed_successfully' || r.model.services.concat().find((s) => s.name === target)?.port !== undefined || r.model.dependencies.some((x) => x.name === target))
        .map(([target, d]) => [target, KUBERNETES_OF[d.condition]]),
    );
    expect(kubernetes).toEqual(expected);
  });

  it('waits as each edge says', () => {
    expect(compose.services.web.depends_on).toEqual({ api: { condition: 'service_healthy' }, redis: { condition: 'service_started' } });
    expect(compose.services.worker.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, seed: { condition: 'service_completed_successfully' } });
    expect(compose.services.seed.restart).toBe('no');
    expect(compose.services.seed.healthcheck).toBeUndefined();
    // Same profile: compose starts both with --profile reports, so the wait stays.
    expect(compose.services.mailer.profiles).toEqual(['reports']);
    expect(compose.services.mailer.depends_on).toEqual({ report: { condition: 'service_completed_successfully' } });
  });

  it('gives only the job-wait init container an API token, and only the right to read those Jobs', () => {
    const pod = podTemplate(workload('worker')).spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    const wait = pod.initContainers.find((c: any) => c.name === 'wait-for-seed');
    expect(wait.command).toEqual(['kubectl', 'wait', '--for=condition=complete', '--timeout=1h', '--cache-dir=/tmp/kube-cache', '--namespace=vote', 'job/seed']);
    expect(wait.volumeMounts).toContainEqual({ name: 'kube-api-access-wait', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
    for (const c of [...pod.containers, ...pod.initContainers.filter((c: any) => c !== wait)]) {
      expect((c.volumeMounts ?? []).map((m: any) => m.name)).not.toContain('kube-api-access-wait');
    }
    expect(pod.volumes.find((v: any) => v.name === 'kube-api-access-wait').projected.sources[0].serviceAccountToken.path).toBe('token');
    expect(r.get('Role', 'worker-wait-jobs').rules).toEqual([{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: ['seed'], verbs: ['get', 'list', 'watch'] }]);
    expect(r.get('RoleBinding', 'worker-wait-jobs').subjects).toEqual([{ kind: 'ServiceAccount', name: 'worker' }]);
    expect(r.get('RoleBinding', 'worker-wait-jobs').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'worker-wait-jobs' });
    expect(r.get('NetworkPolicy', 'allow-worker-to-kubernetes-api').spec.egress).toEqual([{ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] }]);
    // No Role for a service that waits on no Job.
    expect(r.has('Role', 'web-wait-jobs')).toBe(false);
    expect(r.get('Job', 'seed').spec.template.spec.restartPolicy).toBe('Never');
  });
});

describe('aliases and segments: compose networks and Kubernetes Services and labels agree', () => {
  const members = [...r.model.services.filter((s) => s.containerized), ...r.model.dependencies];
  it('answers to each alias: a network alias on every network in compose, a Service with the member\'s selector in Kubernetes', () => {
    for (const m of members) {
      const networks = compose.services[m.name].networks;
      const composeAliases = Array.isArray(networks) ? [] : [...new Set(Object.values(networks as Record<string, { aliases: string[] }>).flatMap((n) => n.aliases))].sort();
      expect({ member: m.name, aliases: composeAliases }).toEqual({ member: m.name, aliases: m.aliases });
      for (const alias of m.aliases) {
        const own = r.get('Service', m.name);
        const svc = r.get('Service', alias);
        expect(svc.spec.selector).toEqual(own.spec.selector);
        expect(svc.spec.ports).toEqual(own.spec.ports);
      }
    }
    expect(members.flatMap((m) => m.aliases).sort()).toEqual(['backend', 'db']);
  });

  it('puts each member on its segments: compose networks, Kubernetes pod labels', () => {
    expect(Object.keys(compose.networks)).toEqual(['vote-front', 'vote-back']);
    for (const m of members) {
      const networks = compose.services[m.name].networks;
      const names = (Array.isArray(networks) ? networks : Object.keys(networks)).map((n: string) => n.replace(/^vote-/, '')).sort();
      const labels = Object.keys(podTemplate(workload(m.name)).metadata.labels).filter((k) => k.startsWith('segment.topograph.dev/')).map((k) => k.split('/')[1]).sort();
      expect({ member: m.name, compose: names }).toEqual({ member: m.name, compose: labels });
    }
  });

  it('keeps every edge inside a network both ends are on', () => {
    for (const e of r.model.edges) {
      const nets = (name: string) => {
        const n = compose.services[name]?.networks;
        return n ? (Array.isArray(n) ? n : Object.keys(n)) : [];
      };
      expect(nets(e.from).some((n: string) => nets(e.to).includes(n))).toBe(true);
    }
  });
});

it('renders the edges graph as in the snapshots', () => {
  expect(composeText).toMatchSnapshot('docker-compose.yml');
  expect(r.files['20-services.yaml']).toMatchSnapshot('20-services.yaml');
});
