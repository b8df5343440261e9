/**
 * docker-compose.yml: dependencies first (official images, health checks, named volumes), then the
 * services in start-up order, each gated on the health of what it needs. Secrets are required
 * interpolations from `.env`, never values.
 */
import { Document, type DocumentOptions, isPair, isScalar, isSeq, type Pair, type ScalarTag, type SchemaOptions, type ToStringOptions, visit, type YAMLMap } from 'yaml';
import { YAML_UNSAFE, yamlComment, yamlDoubleQuoted } from '../escape';
import { formatCpuCores, formatDuration, formatMemoryCompose } from '../graph/quantities';
import type { DependencyModel, EnvVarModel, ResourcesModel, ServiceModel, TopologyModel } from '../model';
import { formatUrl } from '../model';
import { UNPRIVILEGED_PORT_SYSCTL, unprivilegedPortStart } from '../ports';
import { GENERATED_MARKER } from './marker';
import { healthProbe } from './probe';
import { DEPENDS_ON_CONDITION, startupState } from './startup';

/** Where each service's build inputs are, as the compose file must spell them. */
export interface ComposeLayout {
  /** Per service: the build context relative to the compose directory, and the Dockerfile relative to the context. */
  readonly builds: Readonly<Record<string, { readonly context: string; readonly dockerfile: string }>>;
  /**
   * Services whose root filesystem stays writable (no `read_only`, no `/tmp` tmpfs).
   * @default - every service runs with a read-only root filesystem
   */
  readonly writableRoot?: readonly string[];
}

export const COMPOSE_FILE = 'docker-compose.yml';

/**
 * Strings a YAML 1.1 reader (docker-compose 1.x and every PyYAML user) resolves to something else
 * when written plain: booleans (`yes`, `on`, `n`), null (`null`, `~`), merge and value keys, and
 * anything that could be a number or a timestamp. The `yaml` package judges plain keys by YAML 1.2
 * rules, where `yes` is a string, so an environment variable or service named `yes` would become
 * the key `true` for those readers.
 */
const YAML11_IMPLICIT = /^(?:[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=|[-+]?[0-9._:].*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * The `yaml` package's string tag, except that a string holding a character YAML readers disagree
 * on (DEL, C1 controls and U+0085, U+2028/U+2029, the BOM, U+FFFE/U+FFFF), or one a YAML 1.1 reader
 * would read as another type, is written by `yamlDoubleQuoted`: the package writes the former raw
 * and the latter plain when it is a key. Every other string is written exactly as before.
 */
function safeStringTag(stringTag: ScalarTag): ScalarTag {
  return {
    ...stringTag,
    stringify(item, ctx, onComment, onChompKeep) {
      const value = String(item.value);
      return YAML_UNSAFE.test(value) || YAML11_IMPLICIT.test(value) ? yamlDoubleQuoted(value) : stringTag.stringify!(item, ctx, onComment, onChompKeep);
    },
  };
}

const STRING_TAG = 'tag:yaml.org,2002:str';

/** Document options of every compose file topograph writes (values the escape hatches set are created with them). */
export const COMPOSE_DOCUMENT: DocumentOptions & SchemaOptions = {
  customTags: (tags) =>
    tags.map((t) => (typeof t === 'object' && t.tag === STRING_TAG && !('collection' in t) && t.stringify ? safeStringTag(t as ScalarTag) : t)),
};

/** How every compose file topograph writes is serialized. */
export const COMPOSE_YAML: ToStringOptions = { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', nullStr: '' };

/** The `${VAR:?…}` reference compose resolves from `.env`, failing clearly when it is missing. */
export function requiredVariable(name: string): string {
  return `\${${name}:?${name} is not set: run ./start.sh once or copy .env.example to .env}`;
}

export function networkName(topology: TopologyModel): string {
  return `${topology.name}-net`;
}

export function volumeName(dependency: DependencyModel): string {
  return `${dependency.name}-data`;
}

/** Relative directory (from the compose directory) holding a dependency's init files. */
export function initDir(dependency: DependencyModel): string {
  return `init/${dependency.name}`;
}

/** The compose file as text: {@link composeDocument}, serialized. */
export function renderCompose(topology: TopologyModel, layout: ComposeLayout): string {
  return composeDocument(topology, layout).toString(COMPOSE_YAML);
}

/**
 * The compose file as a `yaml` Document (with its comments), not yet serialized: escape hatches
 * (`addComposeOverride`, src/render/overrides.ts) are set in it before it is written with
 * {@link COMPOSE_YAML}.
 */
export function composeDocument(topology: TopologyModel, layout: ComposeLayout): Document {
  const network = networkName(topology);
  const running = topology.dependencies.filter((d) => !d.external);
  const byName = new Map<string, ServiceModel | DependencyModel>();
  topology.services.forEach((s) => byName.set(s.name, s));
  topology.dependencies.forEach((d) => byName.set(d.name, d));

  // Null-prototype maps wherever user names become keys (docs/security.md).
  const services: Record<string, unknown> = Object.create(null);
  for (const dep of running) services[dep.name] = dependencyEntry(dep, network);
  const ordered = topology.order
    .map((name) => byName.get(name))
    .filter((n): n is ServiceModel => n?.kind === 'service' && n.containerized);
  for (const service of ordered) services[service.name] = serviceEntry(service, layout, byName, network);

  const volumes: Record<string, null> = Object.create(null);
  for (const dep of running) if (dep.dataPath) volumes[volumeName(dep)] = null;

  const doc = new Document(
    {
      services,
      networks: { [network]: { driver: 'bridge' } },
      ...(Object.keys(volumes).length ? { volumes } : {}),
    },
    COMPOSE_DOCUMENT,
  );
  const order = topology.order.filter((n) => services[n] !== undefined);
  doc.commentBefore = [
    ` ${GENERATED_MARKER} — do not edit`,
    ` ${yamlComment(`Topology: ${topology.name} ${topology.version}${topology.description ? ` — ${topology.description}` : ''}`)}`,
    ` ${yamlComment(`Start order: ${order.join(' → ')}`)}`,
    ' Secrets come from .env (see .env.example); ./start.sh creates it with random values on first run.',
    ` ${yamlComment(`Run with the helper scripts, or: docker compose -p ${topology.name} up -d`)}`,
  ].join('\n');
  const servicesNode = doc.get('services') as YAMLMap;
  const firstService = ordered[0]?.name;
  for (const item of servicesNode.items as Pair[]) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    if (item.key.value === running[0]?.name) item.key.commentBefore = ' ---- Dependencies ----';
    if (item.key.value === firstService) item.key.commentBefore = ' ---- Services, in start-up order ----';
  }
  // Short argument lists read best on one line, as in hand-written compose files.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && (pair.key.value === 'test' || pair.key.value === 'command') && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  return doc;
}

function dependencyEntry(dep: DependencyModel, network: string): Record<string, unknown> {
  const h = dep.healthCheck;
  return {
    image: dep.image,
    ...(dep.command ? { command: [...dep.command] } : {}),
    ...(dep.env.length ? { environment: environment(dep.env) } : {}),
    ...(dep.publish ? { ports: [`127.0.0.1:${dep.port}:${dep.port}`] } : {}),
    ...(dep.dataPath || dep.init
      ? {
          volumes: [
            ...(dep.dataPath ? [`${volumeName(dep)}:${dep.dataPath}`] : []),
            ...(dep.init ? [`./${initDir(dep)}:${dep.init.path}:ro`] : []),
          ],
        }
      : {}),
    ...portSysctls(dep.port),
    healthcheck: {
      test: ['CMD', ...h.command],
      interval: formatDuration(h.intervalSeconds),
      timeout: formatDuration(h.timeoutSeconds),
      retries: h.retries,
      start_period: formatDuration(h.startPeriodSeconds),
    },
    restart: 'unless-stopped',
    read_only: true,
    tmpfs: ['/tmp', ...dep.scratchPaths.filter((p) => p !== '/tmp')],
    // Hardened like services: no capability but the few its entrypoint needs, no privilege gain.
    cap_drop: ['ALL'],
    ...(dep.capabilities.length ? { cap_add: [...dep.capabilities] } : {}),
    security_opt: ['no-new-privileges:true'],
    networks: [network],
    ...deploy(dep.resources),
  };
}

function serviceEntry(
  service: ServiceModel,
  layout: ComposeLayout,
  byName: Map<string, ServiceModel | DependencyModel>,
  network: string,
): Record<string, unknown> {
  const { context, dockerfile } = layout.builds[service.name];
  const dependsOn: Record<string, { condition: string }> = Object.create(null);
  for (const need of service.needs) {
    const target = byName.get(need);
    const state = target && startupState(target);
    if (state) dependsOn[need] = { condition: DEPENDS_ON_CONDITION[state] };
  }
  const h = service.health;
  const probe = healthProbe(service);
  const published = service.archetype === 'web-service' && service.port !== undefined;
  const entry: Record<string, unknown> = {
    build: { context, dockerfile },
    image: service.image,
    init: true,
    ...(service.profile !== undefined ? { profiles: [service.profile] } : {}),
    ...(published ? { ports: [`${service.public ? '' : '127.0.0.1:'}${service.port}:${service.port}`] } : {}),
    ...(service.env.length ? { environment: environment(service.env) } : {}),
    ...(Object.keys(dependsOn).length ? { depends_on: dependsOn } : {}),
    ...(h && probe
      ? {
          healthcheck: {
            test: ['CMD', ...probe],
            interval: formatDuration(h.intervalSeconds),
            timeout: formatDuration(h.timeoutSeconds),
            retries: h.retries,
            start_period: formatDuration(h.startPeriodSeconds),
          },
        }
      : {}),
    restart: service.longRunning ? 'unless-stopped' : 'no',
    ...(layout.writableRoot?.includes(service.name) ? {} : { read_only: true, tmpfs: ['/tmp'] }),
    cap_drop: ['ALL'],
    ...portSysctls(service.port),
    security_opt: ['no-new-privileges:true'],
    networks: [network],
    ...deploy(service.resources),
  };
  return entry;
}

/** A non-root container listening below 1024 may bind exactly from its port up (src/ports.ts). */
function portSysctls(port: number | undefined): Record<string, unknown> {
  const start = unprivilegedPortStart([port]);
  return start === undefined ? {} : { sysctls: { [UNPRIVILEGED_PORT_SYSCTL]: String(start) } };
}

/** Environment map: plain values as written, secrets and URLs as required interpolations. */
function environment(env: readonly EnvVarModel[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const v of env) {
    switch (v.value.kind) {
      case 'plain':
        out[v.name] = v.value.value.replace(/\$/g, '$$$$');
        break;
      case 'secret':
        out[v.name] = requiredVariable(v.value.secret);
        break;
      case 'url':
        out[v.name] = formatUrl(v.value.url, requiredVariable);
        break;
    }
  }
  return out;
}

/** Resources only: compose runs one replica for local development (replicas apply to Kubernetes). */
function deploy(resources: ResourcesModel): Record<string, unknown> {
  const amounts = (a: ResourcesModel['limits']) => ({
    ...(a.cpu !== undefined ? { cpus: formatCpuCores(a.cpu) } : {}),
    ...(a.memory !== undefined ? { memory: formatMemoryCompose(a.memory) } : {}),
  });
  const limits = amounts(resources.limits);
  const reservations = amounts(resources.reservations);
  const res = {
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(Object.keys(reservations).length ? { reservations } : {}),
  };
  return Object.keys(res).length ? { deploy: { resources: res } } : {};
}

