/**
 * The manifests agree with themselves (selectors, references, ports) and with the compose file
 * rendered from the same model: same images, ports, environment, health timings and resources.
 */
import { parse } from 'yaml';
import { userSecret } from '../../src/kubernetes';
import { parseCpu, parseDuration, parseMemory } from '../../src/graph/quantities';
import { renderCompose } from '../../src/render/compose';
import { labGraph, type Manifest, podTemplate, portsGraph, render, type Rendered, selects, shopGraph, WORKLOAD_KINDS } from './helpers';

/** The shop with each kind of liveness check: an HTTP path, none, and the default (TCP). */
function livenessGraph() {
  const graph = shopGraph();
  graph.services[0].health = { path: '/health', liveness: { kind: 'http', path: '/livez' } };
  graph.services[1].health = { liveness: { kind: 'none' } };
  return graph;
}

const cases: Array<[string, () => Rendered]> = [
  ['shop example', () => render(shopGraph())],
  ['every archetype', () => render(labGraph())],
  ['each liveness kind', () => render(livenessGraph())],
  ['every kind of port and health check', () => render(portsGraph())],
];

function workloads(r: Rendered): Manifest[] {
  return r.objects.map((o) => o.object).filter((o) => WORKLOAD_KINDS.includes(o.kind));
}

function containerPorts(w: Manifest): number[] {
  return podTemplate(w).spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort));
}

describe.each(cases)('%s: manifests agree with themselves', (_, make) => {
  const r = make();
  const pods = workloads(r);
  const selected = (selector: Record<string, string>) => pods.filter((w) => selects(selector, podTemplate(w).metadata.labels));

  it('selects with every workload selector exactly its own pods', () => {
    for (const w of pods.filter((p) => p.spec.selector)) {
      expect(selected(w.spec.selector.matchLabels)).toEqual([w]);
    }
  });

  it('points every Service at exactly one workload, on a port its container listens on', () => {
    for (const svc of r.all('Service')) {
      const [target, ...others] = selected(svc.spec.selector);
      expect({ service: svc.metadata.name, matches: others.length + (target ? 1 : 0) }).toEqual({ service: svc.metadata.name, matches: 1 });
      for (const p of svc.spec.ports) expect(containerPorts(target)).toContain(p.targetPort);
    }
  });

  it('points every PodDisruptionBudget at a workload with more than one replica', () => {
    for (const pdb of r.all('PodDisruptionBudget')) {
      const [target] = selected(pdb.spec.selector.matchLabels);
      expect(target.spec.replicas).toBeGreaterThan(1);
    }
    const replicated = pods.filter((w) => w.kind === 'Deployment' && w.spec.replicas > 1).map((w) => w.metadata.name).sort();
    expect(r.all('PodDisruptionBudget').map((p) => p.metadata.name).sort()).toEqual(replicated);
  });

  it('lets NetworkPolicies select existing pods, and allow only ports those pods listen on', () => {
    for (const policy of r.all('NetworkPolicy')) {
      const own = selected(policy.spec.podSelector.matchLabels);
      expect({ policy: policy.metadata.name, selects: own.length > 0 }).toEqual({ policy: policy.metadata.name, selects: true });
      for (const rule of policy.spec.ingress ?? []) {
        for (const p of rule.ports) expect(own.flatMap(containerPorts)).toContain(p.port);
        for (const peer of rule.from ?? []) expect(selected(peer.podSelector.matchLabels).length).toBeGreaterThan(0);
      }
      for (const rule of policy.spec.egress ?? []) {
        for (const peer of rule.to ?? []) {
          const targets = selected(peer.podSelector.matchLabels);
          expect(targets.length).toBeGreaterThan(0);
          for (const p of rule.ports) expect(targets.flatMap(containerPorts)).toContain(p.port);
        }
      }
    }
  });

  it('references only ConfigMaps, keys, ServiceAccounts, Services and volumes that exist, and only the user Secret', () => {
    const secret = userSecret(r.model)!;
    const read = new Set<string>();
    for (const w of pods) {
      const spec = podTemplate(w).spec;
      expect(r.has('ServiceAccount', spec.serviceAccountName)).toBe(true);
      if (w.kind === 'StatefulSet') expect(r.get('Service', w.spec.serviceName).spec.clusterIP).toBe('None');
      const volumes = new Set([...(spec.volumes ?? []).map((v: any) => v.name), ...(w.spec.volumeClaimTemplates ?? []).map((v: any) => v.metadata.name)]);
      for (const v of spec.volumes ?? []) if (v.configMap) expect(r.has('ConfigMap', v.configMap.name)).toBe(true);
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
        for (const m of c.volumeMounts ?? []) expect(volumes).toContain(m.name);
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.configMapKeyRef;
          if (ref) expect(Object.keys(r.get('ConfigMap', ref.name).data!)).toContain(ref.key);
          const secretRef = e.valueFrom?.secretKeyRef;
          if (secretRef) {
            expect(secretRef.name).toBe(secret.name);
            expect(secret.keys).toContain(secretRef.key);
            read.add(secretRef.key);
          }
        }
      }
    }
    expect([...read].sort()).toEqual(secret.keys);
  });

  it('waits in init containers only for Services that exist, on their ports', () => {
    for (const w of pods) {
      for (const c of podTemplate(w).spec.initContainers ?? []) {
        const [, host, port] = /nc -z -w \d+ (\S+) (\d+)/.exec(c.command.join(' '))!;
        expect(r.get('Service', host).spec.ports.map((p: any) => p.port)).toContain(Number(port));
      }
    }
  });
});

/** What a compose environment value means: `${X:?…}` → `<secret:X>`, `$$` → `$`. */
function composeValue(value: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]*\}/g, '<secret:$1>').replace(/\$\$/g, '$');
}

/** What each Kubernetes env var means, in the same terms; `$(X)` only expands variables defined earlier. */
function kubernetesEnv(r: Rendered, container: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.valueFrom?.configMapKeyRef) out[e.name] = r.get('ConfigMap', e.valueFrom.configMapKeyRef.name).data![e.valueFrom.configMapKeyRef.key];
    else if (e.valueFrom?.secretKeyRef) out[e.name] = `<secret:${e.valueFrom.secretKeyRef.key}>`;
    else out[e.name] = String(e.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (_, name) => out[name] ?? `UNDEFINED(${name})`);
  }
  return out;
}

function amounts(a: { cpus?: string; memory?: string; cpu?: string } | undefined) {
  const cpu = a?.cpus ?? a?.cpu;
  return { cpu: cpu === undefined ? undefined : parseCpu(cpu), memory: a?.memory === undefined ? undefined : parseMemory(a.memory) };
}

describe.each(cases)('%s: same as compose for the same model', (_, make) => {
  const r = make();
  const builds = Object.fromEntries(r.model.services.map((s) => [s.name, { context: s.context, dockerfile: `Dockerfile.${s.name}` }]));
  const compose = parse(renderCompose(r.model, { builds })).services as Record<string, any>;
  const workloadOf = (name: string) => workloads(r).find((w) => w.metadata.name === name || w.metadata.generateName === `${name}-`)!;

  // Compose callers connect to a service's container port, Kubernetes callers to its Service port.
  const inCluster = (value: string) =>
    r.model.services.reduce((v, t) => (t.ports[0] ? v.split(`://${t.name}:${t.ports[0].port}`).join(`://${t.name}:${t.ports[0].servicePort}`) : v), value);

  it('deploys exactly what compose runs', () => {
    expect(workloads(r).map((w) => w.metadata.name ?? w.metadata.generateName!.slice(0, -1)).sort()).toEqual(Object.keys(compose).sort());
  });

  it('runs the same images', () => {
    for (const [name, entry] of Object.entries(compose)) expect(podTemplate(workloadOf(name)).spec.containers[0].image).toBe(entry.image);
  });

  it('gives every container the same environment (passwords arrive through the Secret instead of .env)', () => {
    for (const [name, entry] of Object.entries(compose)) {
      const env = kubernetesEnv(r, podTemplate(workloadOf(name)).spec.containers[0]);
      const expected = Object.fromEntries(Object.entries((entry.environment ?? {}) as Record<string, string>).map(([k, v]) => [k, inCluster(composeValue(v))]));
      for (const [k, v] of Object.entries(expected)) expect({ workload: name, variable: k, value: env[k] }).toEqual({ workload: name, variable: k, value: v });
      // Anything more is a password variable some URL expands.
      for (const extra of Object.keys(env).filter((k) => !(k in expected))) {
        expect(env[extra]).toBe(`<secret:${extra}>`);
        expect(Object.values(expected).some((v) => v.includes(`<secret:${extra}>`))).toBe(true);
      }
    }
  });

  it('listens on the same ports: what compose publishes is a container port behind a port of the Service', () => {
    for (const [name, entry] of Object.entries(compose)) {
      for (const mapping of entry.ports ?? []) {
        const port = Number(/(\d+)(?:\/udp)?$/.exec(String(mapping))![1]);
        expect(containerPorts(workloadOf(name))).toContain(port);
        expect(r.get('Service', name).spec.ports.map((p: any) => p.targetPort)).toContain(port);
      }
    }
  });

  it('lists every port of the model in the Dockerfile-less targets alike: container ports in both, service ports in Kubernetes', () => {
    for (const service of r.model.services.filter((s) => s.longRunning && s.containerized)) {
      expect(containerPorts(workloadOf(service.name)).sort()).toEqual(service.ports.map((p) => p.port).sort());
      const published = (compose[service.name].ports ?? []).map(String);
      expect(published).toEqual(service.ports.filter((p) => p.host !== undefined).map((p) => `${(p.public ?? service.public) ? '' : '127.0.0.1:'}${p.host}:${p.port}${p.protocol === 'udp' ? '/udp' : ''}`));
      if (service.ports.length === 0) continue;
      expect(r.get('Service', service.name).spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.protocol ?? 'TCP'])).toEqual(
        service.ports.map((p) => [p.name, p.servicePort, p.port, p.protocol === 'udp' ? 'UDP' : 'TCP']),
      );
    }
  });

  it('connects callers to the container port in compose and to the Service port in Kubernetes', () => {
    for (const edge of r.model.edges.filter((e) => e.targetKind === 'service')) {
      const target = r.model.services.find((s) => s.name === edge.to)!;
      const composeUrl = composeValue(compose[edge.from].environment[edge.env]);
      const kubernetesUrl = kubernetesEnv(r, podTemplate(workloadOf(edge.from)).spec.containers[0])[edge.env];
      expect(composeUrl).toBe(`http://${target.name}:${target.ports[0].port}`);
      expect(kubernetesUrl).toBe(`http://${target.name}:${target.ports[0].servicePort}`);
      expect(r.get('Service', target.name).spec.ports[0].port).toBe(target.ports[0].servicePort);
    }
  });

  it('checks readiness the same way: a compose health check exactly when there is a readiness probe, of the same kind on the same port', () => {
    for (const [name, entry] of Object.entries(compose)) {
      const c = podTemplate(workloadOf(name)).spec.containers[0];
      if (workloadOf(name).kind !== 'Deployment') continue;
      expect({ name, compose: Boolean(entry.healthcheck), kubernetes: Boolean(c.readinessProbe) }).toEqual({ name, compose: Boolean(c.readinessProbe), kubernetes: Boolean(entry.healthcheck) });
      if (!c.readinessProbe) continue;
      const test = (entry.healthcheck.test as string[]).join(' ');
      const probe = c.readinessProbe;
      if (probe.httpGet) expect(test).toContain(`http://127.0.0.1:${probe.httpGet.port}${probe.httpGet.path}`);
      if (probe.grpc) expect(test).toContain(`http://127.0.0.1:${probe.grpc.port}`);
      if (probe.grpc) expect(test).toContain("require('http2')");
      if (probe.tcpSocket) expect(test).toMatch(new RegExp(`\\b${probe.tcpSocket.port}\\b`));
      if (probe.exec) expect(entry.healthcheck.test).toEqual(['CMD', ...probe.exec.command]);
    }
  });

  it('waits for a service as healthy only when it has a health check compose can run, else until it started', () => {
    for (const [name, entry] of Object.entries(compose)) {
      for (const [need, { condition }] of Object.entries<any>(entry.depends_on ?? {})) {
        if (!compose[need] || r.model.dependencies.some((d) => d.name === need)) continue;
        expect({ name, need, condition }).toEqual({ name, need, condition: compose[need].healthcheck ? 'service_healthy' : 'service_started' });
      }
    }
  });

  it('checks health on the same schedule', () => {
    for (const [name, entry] of Object.entries(compose)) {
      const c = podTemplate(workloadOf(name)).spec.containers[0];
      if (!entry.healthcheck || !c.readinessProbe) continue;
      const h = entry.healthcheck;
      for (const probe of [c.readinessProbe, c.livenessProbe].filter(Boolean)) {
        expect([probe.periodSeconds, probe.timeoutSeconds, probe.failureThreshold]).toEqual([parseDuration(h.interval), parseDuration(h.timeout), h.retries]);
      }
      // A startup probe exactly when there is a liveness probe, with the same check, covering compose's start period.
      expect(Boolean(c.startupProbe)).toBe(Boolean(c.livenessProbe));
      if (c.startupProbe) {
        const { periodSeconds: _p, failureThreshold: _f, ...startupCheck } = c.startupProbe;
        const { periodSeconds: _q, failureThreshold: _g, ...livenessCheck } = c.livenessProbe;
        expect(startupCheck).toEqual(livenessCheck);
        const budget = c.startupProbe.periodSeconds * c.startupProbe.failureThreshold;
        expect(budget).toBeGreaterThanOrEqual(parseDuration(h.start_period)! + h.retries * parseDuration(h.interval)!);
      }
      // Compose's health check is the readiness check (depends_on: service_healthy waits for it).
      if (c.readinessProbe.httpGet) expect(h.test.join(' ')).toContain(`http://127.0.0.1:${c.readinessProbe.httpGet.port}${c.readinessProbe.httpGet.path}`);
      if (c.readinessProbe.exec) expect(h.test).toEqual(['CMD', ...c.readinessProbe.exec.command]);
    }
  });

  it('reserves and limits the same resources (requests = reservations), or requests the documented default when the graph is silent', () => {
    for (const [name, entry] of Object.entries(compose)) {
      const resources = podTemplate(workloadOf(name)).spec.containers[0].resources;
      const limits = entry.deploy?.resources?.limits;
      const reservations = entry.deploy?.resources?.reservations;
      expect(amounts(resources.limits)).toEqual(amounts(limits));
      if (limits || reservations) expect(amounts(resources.requests)).toEqual(amounts(reservations));
      else expect(amounts(resources.requests)).toEqual({ cpu: 100, memory: 128 * 1024 ** 2 });
    }
  });
});
