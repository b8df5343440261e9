/**
 * Every hardening rule, specified by two fixtures: a compliant file it must accept and a
 * non-compliant one it must flag, at the line given.
 */
import { lintFiles, RULES } from '../../src/lint';
import type { Rule } from '../../src/lint';

interface Case {
  /** File name, which decides how it is read. */
  readonly file: string;
  readonly compliant: string;
  readonly nonCompliant: string;
  /** Lines the non-compliant file is flagged at, in order. */
  readonly lines: number[];
  /** A word the message must contain. */
  readonly mentions: string;
}

const GOOD_DOCKERFILE = `FROM python:3.12-slim AS build
RUN pip install --prefix=/install flask

FROM python:3.12-slim@sha256:0123456789abcdef
COPY --from=build /install /usr/local
ENV PORT=8080 JWT_SECRET_FILE=/run/secrets/jwt
USER 10001:10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]
CMD ["python", "-m", "app"]
`;

const GOOD_DIGEST = '@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const goodCompose = (extra = '', service = '') => `services:
  api:
    image: "acme/api:1.2.3${GOOD_DIGEST}"
    user: "10001:10001"
    ports:
      - "127.0.0.1:8080:8080"
      - { target: 9090, published: 9090, host_ip: 127.0.0.1 }
    environment:
      LOG_LEVEL: info
      JWT_SECRET: "\${JWT_SECRET:?set it}"
      DATABASE_URL: "postgresql://app:\${DB_PASSWORD}@db:5432/app"
    read_only: true
    deploy:
      resources:
        limits: { cpus: "1", memory: 512M }
${service}${extra}`;

/** The api Deployment with a LoadBalancer Service, and (with `policy`) a NetworkPolicy selecting its pods. */
const publicManifest = (policy: boolean) => `${manifest('')}---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  type: LoadBalancer
  selector: { app: api }
  ports:
    - { port: 80, targetPort: 8080 }
${
  policy
    ? `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-api-from-anywhere
spec:
  podSelector: { matchLabels: { app: api } }
  policyTypes: [Ingress]
  ingress:
    - ports: [{ port: 8080, protocol: TCP }]
`
    : ''
}`;

const manifest = (container: string, pod = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
${pod}      containers:
        - name: api
          image: ghcr.io/acme/api:1.2.3
          env:
            - name: MODE
              value: "on"
            - name: API_KEY
              valueFrom: { secretKeyRef: { name: api, key: API_KEY } }
          resources:
            limits: { cpu: 500m, memory: 256Mi }
          securityContext:
            privileged: false
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
${container}`;

/** A HorizontalPodAutoscaler of the Deployment `api` on CPU utilization, after that Deployment. */
const HPA = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 1
  maxReplicas: 4
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
    - type: Resource
      resource: { name: memory, target: { type: AverageValue, averageValue: 200Mi } }
`;
const ingress = (tls: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { number: 80 } } }
${tls}`;

const CASES: Record<string, Case> = {
  'kubernetes-ingress-without-tls': {
    file: 'ingress.yaml',
    compliant: ingress('  tls:\n    - hosts: ["*.example.com"]\n      secretName: web-tls\n'),
    nonCompliant: ingress(''),
    lines: [6],
    mentions: 'no TLS',
  },
  'dockerfile-root-user': {
    file: 'Dockerfile',
    compliant: GOOD_DOCKERFILE,
    nonCompliant: GOOD_DOCKERFILE.replace('USER 10001:10001', 'USER root'),
    lines: [7],
    mentions: 'USER root',
  },
  'dockerfile-unpinned-base': {
    file: 'Dockerfile',
    compliant: GOOD_DOCKERFILE,
    nonCompliant: GOOD_DOCKERFILE.replace('FROM python:3.12-slim AS build', 'FROM python AS build').replace('python:3.12-slim@sha256:0123456789abcdef', 'python:latest'),
    lines: [1, 4],
    mentions: 'python',
  },
  'dockerfile-shell-form-command': {
    file: 'Dockerfile',
    compliant: GOOD_DOCKERFILE,
    nonCompliant: GOOD_DOCKERFILE.replace('CMD ["python", "-m", "app"]', 'CMD python -m app'),
    lines: [9],
    mentions: 'shell form',
  },
  'dockerfile-missing-healthcheck': {
    file: 'Dockerfile',
    compliant: GOOD_DOCKERFILE.replace(/^HEALTHCHECK .*$/m, 'HEALTHCHECK NONE'),
    nonCompliant: GOOD_DOCKERFILE.replace(/^HEALTHCHECK .*\n/m, ''),
    lines: [4],
    mentions: 'HEALTHCHECK',
  },
  'dockerfile-secret-in-env': {
    file: 'Dockerfile',
    compliant: GOOD_DOCKERFILE.replace('ENV PORT=8080', 'ARG API_TOKEN\nENV PORT=8080'),
    nonCompliant: GOOD_DOCKERFILE.replace('ENV PORT=8080', 'ARG API_TOKEN=abc123\nENV PORT=8080 DB_PASSWORD="hunter2"'),
    lines: [6, 7],
    mentions: 'literal',
  },
  'compose-root-user': {
    file: 'docker-compose.yml',
    compliant: goodCompose(),
    nonCompliant: goodCompose().replace('user: "10001:10001"', 'user: "0:0"'),
    lines: [4],
    mentions: 'user 0:0',
  },
  'compose-unpinned-image': {
    file: 'compose.yaml',
    compliant: goodCompose().replace('acme/api:1.2.3', 'acme/api'),
    nonCompliant: goodCompose().replace(`acme/api:1.2.3${GOOD_DIGEST}`, 'acme/api:latest'),
    lines: [3],
    mentions: 'latest',
  },
  'compose-image-without-digest': {
    file: 'compose.yaml',
    compliant: goodCompose(),
    nonCompliant: goodCompose().replace(GOOD_DIGEST, ''),
    lines: [3],
    mentions: 'digest',
  },
  'compose-privileged': {
    file: 'docker-compose.yml',
    compliant: goodCompose('    cap_add: [NET_BIND_SERVICE]\n'),
    nonCompliant: goodCompose('    privileged: true\n    cap_add:\n      - SYS_ADMIN\n'),
    lines: [16, 18],
    mentions: 'api',
  },
  'compose-host-namespaces': {
    file: 'docker-compose.yml',
    compliant: goodCompose('    pid: "service:other"\n'),
    nonCompliant: goodCompose('    network_mode: host\n    pid: host\n'),
    lines: [16, 17],
    mentions: 'host',
  },
  'compose-secret-in-env': {
    file: 'docker-compose.yml',
    compliant: goodCompose(),
    nonCompliant: goodCompose().replace('"${JWT_SECRET:?set it}"', 'supersecret').replace('${DB_PASSWORD}', 'hunter2'),
    lines: [10, 11],
    mentions: 'JWT_SECRET',
  },
  'compose-missing-resource-limits': {
    file: 'docker-compose.yml',
    compliant: goodCompose(),
    nonCompliant: goodCompose().replace('limits: { cpus: "1", memory: 512M }', 'reservations: { memory: 128M }'),
    lines: [2],
    mentions: 'memory or CPU',
  },
  'compose-writable-root-filesystem': {
    file: 'docker-compose.yml',
    compliant: goodCompose(),
    nonCompliant: goodCompose().replace('read_only: true', 'read_only: false'),
    lines: [12],
    mentions: 'writable',
  },
  'compose-public-port': {
    file: 'docker-compose.yml',
    compliant: goodCompose(),
    nonCompliant: goodCompose().replace('"127.0.0.1:8080:8080"', '"8080:8080"').replace(', host_ip: 127.0.0.1', ''),
    lines: [6, 7],
    mentions: 'all interfaces',
  },
  'kubernetes-root-user': {
    file: 'deployment.yaml',
    compliant: manifest(''),
    nonCompliant: manifest('').replace('runAsNonRoot: true', 'runAsNonRoot: false'),
    lines: [17],
    mentions: 'root',
  },
  'kubernetes-unpinned-image': {
    file: 'deployment.yaml',
    compliant: manifest(''),
    nonCompliant: manifest('').replace('ghcr.io/acme/api:1.2.3', 'ghcr.io/acme/api'),
    lines: [18],
    mentions: 'no tag',
  },
  'kubernetes-privileged': {
    file: 'deployment.yaml',
    compliant: manifest(''),
    nonCompliant: manifest('').replace('privileged: false', 'privileged: true'),
    lines: [27],
    mentions: 'privileged',
  },
  'kubernetes-host-namespaces': {
    file: 'deployment.yaml',
    compliant: manifest('', '      hostNetwork: false\n'),
    nonCompliant: manifest('', '      hostNetwork: true\n      hostPID: true\n'),
    lines: [16, 17],
    mentions: 'host',
  },
  'kubernetes-secret-in-env': {
    file: 'deployment.yaml',
    compliant: manifest(''),
    nonCompliant: manifest('').replace('name: MODE', 'name: DB_PASSWORD'),
    lines: [20],
    mentions: 'DB_PASSWORD',
  },
  'kubernetes-missing-resource-limits': {
    file: 'deployment.yaml',
    compliant: manifest(''),
    nonCompliant: manifest('').replace('limits: { cpu: 500m, memory: 256Mi }', 'requests: { cpu: 500m }'),
    lines: [17],
    mentions: 'memory or CPU',
  },
  'kubernetes-unknown-user': {
    file: 'deployment.yaml',
    compliant: manifest(''),
    nonCompliant: manifest('').replace('        runAsUser: 10001\n', ''),
    lines: [16],
    mentions: 'runAsUser',
  },
  'kubernetes-hpa-without-requests': {
    file: 'deployment.yaml',
    compliant: manifest('').replace('limits: { cpu: 500m, memory: 256Mi }', 'limits: { cpu: 500m, memory: 256Mi }\n            requests: { cpu: 250m }') + HPA,
    nonCompliant: manifest('') + HPA,
    lines: [40],
    mentions: 'requests no cpu',
  },
  'kubernetes-public-without-network-policy': {
    file: 'public.yaml',
    compliant: publicManifest(true),
    nonCompliant: publicManifest(false),
    lines: [36],
    mentions: 'LoadBalancer Service api (namespace default) has no NetworkPolicy selecting its pods (app=api)',
  },
  'kubernetes-writable-root-filesystem': {
    file: 'deployment.yaml',
    compliant: manifest(''),
    nonCompliant: manifest('').replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'),
    lines: [17],
    mentions: 'writable',
  },
};

const lintWith = (rule: Rule, file: string, content: string) => lintFiles({ [file]: content }, { rules: [rule] });

describe('kubernetes-public-without-network-policy across files', () => {
  const rule = RULES.find((r) => r.id === 'kubernetes-public-without-network-policy')!;
  const [service, policy] = publicManifest(true).split(/(?=---\napiVersion: networking)/);

  it('finds the policy in another file of the same run', () => {
    expect(lintFiles({ 'a/20-services.yaml': service, 'a/30-policies.yaml': policy }, { rules: [rule] }).findings).toEqual([]);
  });

  it('needs the policy in the Service\'s namespace, selecting its pods, with an Ingress part', () => {
    const other = [
      policy.replace('  name: allow-api-from-anywhere', '  name: allow-api-from-anywhere\n  namespace: elsewhere'),
      policy.replace('{ app: api } }', '{ app: web } }'),
      policy.replace('policyTypes: [Ingress]', 'policyTypes: [Egress]'),
    ];
    for (const p of other) expect(lintFiles({ 'a/20-services.yaml': service, 'a/30-policies.yaml': p }, { rules: [rule] }).findings).toHaveLength(1);
  });

  it('counts a policy selecting every pod of the namespace, and ignores a ClusterIP Service', () => {
    expect(lintFiles({ 's.yaml': service, 'p.yaml': policy.replace('{ matchLabels: { app: api } }', '{}') }, { rules: [rule] }).findings).toEqual([]);
    expect(lintFiles({ 's.yaml': service.replace('type: LoadBalancer', 'type: ClusterIP') }, { rules: [rule] }).findings).toEqual([]);
    expect(lintFiles({ 's.yaml': service.replace('type: LoadBalancer', 'type: NodePort') }, { rules: [rule] }).findings).toHaveLength(1);
  });
});

it('every rule has a compliant and a non-compliant fixture', () => {
  expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
});

it('every rule id is unique, kebab-case and prefixed with its file kind', () => {
  const ids = RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of RULES) {
    expect(rule.id).toMatch(new RegExp(`^${rule.kind}(-[a-z0-9]+)+$`));
    expect(['error', 'warning']).toContain(rule.severity);
    expect(rule.description).toMatch(/\.$/);
    expect(rule.fix).toMatch(/\.$/);
  }
});

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  const c = CASES[id];

  it('accepts the compliant fixture', () => {
    const result = lintWith(rule, c.file, c.compliant);
    expect(result.files.map((f) => f.kind)).toEqual([rule.kind]);
    expect(result.findings).toEqual([]);
  });

  it('flags the non-compliant fixture, naming file, line and fix', () => {
    const { findings } = lintWith(rule, c.file, c.nonCompliant);
    expect(findings.map((f) => f.line)).toEqual(c.lines);
    for (const f of findings) {
      expect(f).toMatchObject({ rule: id, severity: rule.severity, file: c.file, fix: rule.fix });
    }
    expect(findings[0].message).toContain(c.mentions);
  });

  it('the compliant fixture passes every other rule too (fixtures differ in one thing)', () => {
    expect(lintFiles({ [c.file]: c.compliant }).findings).toEqual([]);
  });
});
