import { labelValue } from '../../src/kubernetes/labels';
/** What each part of the graph becomes, kind by kind. */
import { labGraph, render, shop, shopGraph, container, envOf, podTemplate } from './helpers';

describe('web-service → Deployment, Service, ServiceAccount', () => {
  const r = shop();
  const catalog = r.get('Deployment', 'catalog');

  it('runs the replicas the graph gives, selected by the stable standard labels', () => {
    expect(catalog.spec.replicas).toBe(2);
    expect(r.get('Deployment', 'billing').spec.replicas).toBe(1);
    expect(catalog.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'catalog' } });
  });

  it('runs the image the Dockerfile builds, under its own ServiceAccount, without an API token', () => {
    const spec = podTemplate(catalog).spec;
    expect(container(catalog).image).toBe('shop/catalog:0.1.0');
    expect(container(catalog).imagePullPolicy).toBe('IfNotPresent');
    expect(spec.serviceAccountName).toBe('catalog');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(r.get('ServiceAccount', 'catalog').automountServiceAccountToken).toBe(false);
  });

  it('gets readiness on the health path, and liveness and a startup probe covering the start period on TCP, which no dependency can fail', () => {
    const c = container(catalog);
    const http = { path: '/health', port: 8001, scheme: 'HTTP' };
    expect(c.readinessProbe).toEqual({ httpGet: http, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8001 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    // startPeriod 40s at 10s intervals, then the 3 retries compose allows: 7 × 10s.
    expect(c.startupProbe).toEqual({ tcpSocket: { port: 8001 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 7 });
  });

  it('takes a shallow liveness path, or no liveness probe at all, from the graph; readiness stays on the health path', () => {
    const graph = shopGraph();
    graph.services[0].health = { path: '/health', liveness: { kind: 'http', path: '/livez' } };
    graph.services[1].health = { liveness: { kind: 'none' } };
    const rendered = render(graph);
    const live = container(rendered.get('Deployment', 'catalog'));
    expect(live.readinessProbe.httpGet).toEqual({ path: '/health', port: 8001, scheme: 'HTTP' });
    expect(live.livenessProbe.httpGet).toEqual({ path: '/livez', port: 8001, scheme: 'HTTP' });
    expect(live.startupProbe.httpGet).toEqual({ path: '/livez', port: 8001, scheme: 'HTTP' });
    const none = container(rendered.get('Deployment', 'billing'));
    expect(none.readinessProbe.httpGet).toEqual({ path: '/health', port: 8002, scheme: 'HTTP' });
    expect(none.livenessProbe).toBeUndefined();
    expect(none.startupProbe).toBeUndefined();
  });

  it('uses the probe settings the graph gives', () => {
    const c = container(render(labGraph()).get('Deployment', 'api'));
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 4 });
    expect(c.startupProbe.failureThreshold).toBe(12 + 4);
  });

  it('requests the reservations and is limited by the limits, nothing else', () => {
    expect(container(catalog).resources).toEqual({ limits: { cpu: '2', memory: '4Gi' }, requests: { cpu: '1', memory: '2Gi' } });
    expect(container(r.get('Deployment', 'auth')).resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '128Mi' } });
    // Limits only: Kubernetes takes the requests to equal them.
    expect(container(r.get('Deployment', 'billing')).resources).toEqual({ limits: { cpu: '1', memory: '2Gi' } });
  });

  it('requests a documented small share when the graph says nothing, and never cdk8s-plus defaults', () => {
    const jobs = render(labGraph()).get('Deployment', 'jobs');
    expect(container(jobs).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
  });

  it('is exposed by a ClusterIP Service on its port, or a LoadBalancer when public', () => {
    const svc = r.get('Service', 'catalog');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 8001, targetPort: 8001 }]);
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'catalog' });
    expect(render(labGraph()).get('Service', 'api').spec.type).toBe('LoadBalancer');
  });

  it('gets a PodDisruptionBudget and a spread over nodes only with more than one replica', () => {
    expect(r.get('PodDisruptionBudget', 'catalog').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'catalog' } },
    });
    expect(podTemplate(catalog).spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'catalog' } },
      },
    ]);
    expect(r.has('PodDisruptionBudget', 'billing')).toBe(false);
    expect(podTemplate(r.get('Deployment', 'billing')).spec.topologySpreadConstraints).toBeUndefined();
  });

  it('rolls out without downtime', () => {
    expect(catalog.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
  });
});

describe('security', () => {
  const r = render(labGraph());
  const workloads = r.objects.map((o) => o.object).filter((o) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind));

  it('runs every pod as non-root with the Dockerfile uid (services) or the image user (dependencies), seccomp RuntimeDefault', () => {
    expect(podTemplate(r.get('Deployment', 'api')).spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(podTemplate(r.get('StatefulSet', 'db')).spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
    for (const w of workloads) expect(podTemplate(w).spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('hardens every container, init containers too: read-only root, no escalation, all capabilities dropped', () => {
    const expected = { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
    let count = 0;
    for (const w of workloads) {
      const spec = podTemplate(w).spec;
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
        expect({ workload: w.metadata.name, container: c.name, securityContext: c.securityContext }).toEqual({
          workload: w.metadata.name,
          container: c.name,
          securityContext: expected,
        });
        count++;
      }
    }
    expect(count).toBeGreaterThan(10);
  });

  it('keeps Kubernetes service links out of every environment (the same variables as compose, nothing more)', () => {
    for (const w of workloads) expect(podTemplate(w).spec.enableServiceLinks).toBe(false);
  });

  it('gives every pod a writable, size-limited /tmp', () => {
    for (const w of workloads) {
      const spec = podTemplate(w).spec;
      expect(spec.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } });
      expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    }
  });

  it('enforces the restricted Pod Security Standard on the namespace', () => {
    expect(r.get('Namespace', 'lab-prod').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });
});

describe('environment', () => {
  const r = shop();

  it('reads plain values and passwordless URLs from a ConfigMap, secrets from the user Secret, and expands the password into the URL after defining it', () => {
    expect(envOf(container(r.get('Deployment', 'billing')))).toEqual([
      ['CATALOG_SERVICE_URL', 'config:billing-config/CATALOG_SERVICE_URL'],
      ['JWT_SECRET', 'secret:shop-secrets/JWT_SECRET'],
      ['NATS_URL', 'config:billing-config/NATS_URL'],
      ['POSTGRES_BILLING_PASSWORD', 'secret:shop-secrets/POSTGRES_BILLING_PASSWORD'],
      ['DATABASE_URL', 'value:postgresql://billing:$(POSTGRES_BILLING_PASSWORD)@postgres:5432/billing'],
    ]);
    expect(r.get('ConfigMap', 'billing-config').data).toEqual({ CATALOG_SERVICE_URL: 'http://catalog:8001', NATS_URL: 'nats://nats:4222' });
  });

  it('uses in-cluster Service names and ports in every connection URL', () => {
    expect(r.get('ConfigMap', 'catalog-config').data).toEqual({ LOG_LEVEL: 'info', NATS_URL: 'nats://nats:4222', REDIS_URL: 'redis://redis:6379' });
    expect(r.has('Service', 'nats') && r.has('Service', 'redis') && r.has('Service', 'postgres')).toBe(true);
  });

  it('keeps values Kubernetes would mangle in the ConfigMap, exactly as written', () => {
    const lab = render(labGraph());
    expect(lab.get('ConfigMap', 'api-config').data).toMatchObject({ MODE: 'on', GREETING: 'hello $USER: "quoted"' });
  });

  it('rolls the pods when the ConfigMap changes (checksum annotation)', () => {
    const before = podTemplate(shop().get('Deployment', 'catalog')).metadata.annotations!['checksum/config'];
    const graph = shopGraph();
    graph.services[0].env = { LOG_LEVEL: 'debug' };
    const after = podTemplate(render(graph).get('Deployment', 'catalog')).metadata.annotations!['checksum/config'];
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });

  it('never writes a Secret or a secret value', () => {
    expect(r.all('Secret')).toEqual([]);
    for (const text of Object.values(r.files)) expect(text).not.toMatch(/secret-value|kind: Secret\n/);
  });
});

describe('start order: init containers wait for what each workload needs', () => {
  it('waits for each dependency and called service on its Service port, with a pinned busybox', () => {
    const billing = podTemplate(shop().get('Deployment', 'billing')).spec;
    expect(billing.initContainers.map((c: any) => [c.name, c.image, c.command.join(' ')])).toEqual([
      ['wait-for-catalog', 'busybox:1.36.1', expect.stringContaining('nc -z -w 2 catalog 8001')],
      ['wait-for-nats', 'busybox:1.36.1', expect.stringContaining('nc -z -w 2 nats 4222')],
      ['wait-for-postgres', 'busybox:1.36.1', expect.stringContaining('nc -z -w 2 postgres 5432')],
    ]);
    expect(billing.initContainers[0].resources).toEqual({ limits: { cpu: '100m', memory: '32Mi' }, requests: { cpu: '10m', memory: '16Mi' } });
  });

  it('does not wait for an external dependency (its address is in the Secret)', () => {
    const nightly = podTemplate(render(labGraph()).get('CronJob', 'nightly')).spec;
    expect(nightly.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db']);
  });

  it('gives workloads that need nothing no init containers', () => {
    expect(podTemplate(shop().get('Deployment', 'catalog')).spec.initContainers).toHaveLength(3);
    expect(podTemplate(shop().get('StatefulSet', 'postgres')).spec.initContainers).toBeUndefined();
  });
});

describe('worker', () => {
  const r = render(labGraph());

  it('without a port: a Deployment with no Service and no probes', () => {
    const jobs = r.get('Deployment', 'jobs');
    expect(container(jobs).ports).toBeUndefined();
    expect(container(jobs).readinessProbe).toBeUndefined();
    expect(container(jobs).startupProbe).toBeUndefined();
    expect(r.has('Service', 'jobs')).toBe(false);
    expect(r.get('ServiceAccount', 'jobs').automountServiceAccountToken).toBe(false);
  });
});

describe('data-pipeline', () => {
  const r = render(labGraph());

  it('with a schedule: a CronJob that never overlaps and tolerates a late start', () => {
    const cron = r.get('CronJob', 'nightly');
    expect(cron.spec).toMatchObject({
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      suspend: false,
    });
    expect(podTemplate(cron).spec.restartPolicy).toBe('Never');
    expect(container(cron).readinessProbe).toBeUndefined();
  });

  it('without one: a Job that runs once, with a stable name', () => {
    const job = r.get('Job', 'backfill');
    expect(job.metadata.name).toBe('backfill');
    expect(podTemplate(job).spec.restartPolicy).toBe('Never');
    expect(container(job).image).toBe('ghcr.io/acme/lab/backfill:1.2.0-rc.7');
    expect(r.objects.find((o) => o.object.kind === 'Job' && o.object.metadata.name === 'backfill')!.file).toBe('20-services.yaml');
  });
});

describe('cli-tool', () => {
  const r = render(labGraph());

  it('is a Job template in tools/, created on demand with a fresh name, run once, cleaned up after a day', () => {
    const found = r.objects.filter((o) => o.file === 'tools/admin.yaml').map((o) => o.object);
    expect(found.map((o) => o.kind)).toEqual(['Job']);
    expect(found[0].metadata.name).toBeUndefined();
    expect(found[0].metadata.generateName).toBe('admin-');
    expect(found[0].spec.ttlSecondsAfterFinished).toBe(86400);
    expect(found[0].spec.backoffLimit).toBe(0);
    expect(podTemplate(found[0]).spec.serviceAccountName).toBe('admin');
  });

  it('has its ServiceAccount applied with the services, so every run finds it', () => {
    expect(r.objects.find((o) => o.object.kind === 'ServiceAccount' && o.object.metadata.name === 'admin')!.file).toBe('20-services.yaml');
  });
});

describe('library', () => {
  it('becomes nothing', () => {
    const r = render(labGraph());
    expect(r.objects.filter((o) => JSON.stringify(o.object).includes('shared'))).toEqual([]);
  });
});

describe('dependencies → StatefulSet, headless Service, volume claim', () => {
  const r = shop();
  const postgres = r.get('StatefulSet', 'postgres');

  it('runs one pod behind a headless Service of its name', () => {
    expect(postgres.spec).toMatchObject({ replicas: 1, serviceName: 'postgres' });
    expect(r.get('Service', 'postgres').spec).toEqual({
      clusterIP: 'None',
      ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }],
      selector: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'postgres' },
      type: 'ClusterIP',
    });
  });

  it('keeps its data on a claim of the graph size (1Gi by default)', () => {
    expect(postgres.spec.volumeClaimTemplates).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'data' }), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }),
    ]);
    expect(container(postgres).volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    expect(r.get('StatefulSet', 'redis').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    expect(render(labGraph()).get('StatefulSet', 'db').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
  });

  it('creates the role and database of each service that uses postgres, from a ConfigMap mounted read-only', () => {
    const script = r.get('ConfigMap', 'postgres-init').data!['01-roles-and-databases.sh'];
    expect(script).toContain(`SELECT 'CREATE DATABASE "billing" OWNER "billing"' WHERE NOT EXISTS`);
    expect(script).toContain(`-v 'password_billing='"\${POSTGRES_BILLING_PASSWORD:?POSTGRES_BILLING_PASSWORD is not set}"`);
    expect(container(postgres).volumeMounts).toContainEqual({ name: 'init', mountPath: '/docker-entrypoint-initdb.d', readOnly: true });
    expect(podTemplate(postgres).spec.volumes).toContainEqual({ name: 'init', configMap: { name: 'postgres-init' } });
  });

  it('gets the superuser password and each service role password from the user Secret, and PGDATA below the mount', () => {
    expect(envOf(container(postgres))).toEqual([
      ['PGDATA', 'config:postgres-config/PGDATA'],
      ['POSTGRES_AUTH_PASSWORD', 'secret:shop-secrets/POSTGRES_AUTH_PASSWORD'],
      ['POSTGRES_BILLING_PASSWORD', 'secret:shop-secrets/POSTGRES_BILLING_PASSWORD'],
      ['POSTGRES_CATALOG_PASSWORD', 'secret:shop-secrets/POSTGRES_CATALOG_PASSWORD'],
      ['POSTGRES_PASSWORD', 'secret:shop-secrets/POSTGRES_PASSWORD'],
      ['POSTGRES_USER', 'config:postgres-config/POSTGRES_USER'],
    ]);
    expect(r.get('ConfigMap', 'postgres-config').data!.PGDATA).toBe('/var/lib/postgresql/data/pgdata');
  });

  it('can write the directories its image needs besides its data (postgres: its socket directory)', () => {
    expect(container(postgres).volumeMounts).toContainEqual({ name: 'run-0', mountPath: '/var/run/postgresql' });
  });

  it('is probed with the command of its compose health check', () => {
    const c = container(postgres);
    const exec = { command: ['pg_isready', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres'] };
    expect(c.readinessProbe).toEqual({ exec, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 10 });
    expect(c.livenessProbe).toEqual({ exec, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 10 });
    expect(c.startupProbe).toEqual({ exec, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 12 });
  });

  it('passes its command as args, so the image entrypoint still runs (as compose command does)', () => {
    expect(container(r.get('StatefulSet', 'redis')).args).toEqual(['redis-server', '--appendonly', 'yes']);
    expect(container(r.get('StatefulSet', 'redis')).command).toBeUndefined();
    expect(container(r.get('StatefulSet', 'nats')).args).toEqual(['--jetstream', '--store_dir=/data', '--http_port=8222']);
  });

  it('uses the graph resources, or the documented small request', () => {
    const lab = render(labGraph());
    expect(container(lab.get('StatefulSet', 'db')).resources).toEqual({ limits: { memory: '2Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    expect(container(lab.get('StatefulSet', 'cache')).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
    expect(container(r.get('StatefulSet', 'redis')).resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' } });
  });

  it('external: nothing runs; its users read their URL from the user Secret', () => {
    const r2 = render(labGraph());
    expect(r2.objects.filter((o) => o.object.metadata.name?.startsWith('warehouse'))).toEqual([]);
    expect(envOf(container(r2.get('CronJob', 'nightly')))).toContainEqual(['WAREHOUSE_URL', 'secret:lab-secrets/WAREHOUSE_NIGHTLY_URL']);
  });
});

describe('labels and namespace', () => {
  const r = render(labGraph());

  it('puts the standard labels on every object and pod, and everything in the graph namespace', () => {
    for (const { object } of r.objects) {
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': expect.any(String),
        'app.kubernetes.io/instance': 'lab',
        'app.kubernetes.io/part-of': 'lab',
        'app.kubernetes.io/managed-by': 'topograph',
      });
      if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe('lab-prod');
      if (['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(object.kind)) {
        expect(podTemplate(object).metadata.labels).toEqual(object.metadata.labels);
      }
    }
  });

  it('uses the version as the version label', () => {
    expect(r.get('Deployment', 'api').metadata.labels!['app.kubernetes.io/version']).toBe('1.2.0-rc.7');
  });

  it('cuts a version longer than a label value may be to 63 characters, ending alphanumeric', () => {
    const long = `1.0.0-${'a'.repeat(56)}.-x`;
    expect(labelValue(long)).toBe(`1.0.0-${'a'.repeat(56)}`);
    expect(labelValue(long)).toHaveLength(62);
  });

  it('carries nothing specific to cdk8s', () => {
    for (const text of Object.values(r.files)) expect(text).not.toContain('cdk8s.io');
  });
});
