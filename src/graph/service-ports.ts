/**
 * A service's ports and health check kind, resolved from its graph entry (docs/topology-graph.md#ports
 * and #health), and the problems of a written entry: one place for both doors (JSON and code) and
 * for the model (constructs/service.ts), so defaults can never drift between validation and output.
 */
import type { Problem } from './problems';
import { type HealthProbeKind, RUNTIME_TABLE, runtimePack } from './kinds';

/** What a port speaks. */
export type PortProtocol = 'http' | 'grpc' | 'tcp' | 'udp';
/** How readiness is checked. */
export type HealthKind = 'http' | 'grpc' | 'tcp' | 'exec' | 'none';

/** A port with every default applied (the model's `PortModel`). */
export interface ResolvedPort {
  readonly name: string;
  readonly port: number;
  readonly servicePort: number;
  readonly protocol: PortProtocol;
  readonly host?: number;
  readonly public?: boolean;
}

interface WrittenPort {
  readonly name?: unknown;
  readonly port?: unknown;
  readonly servicePort?: unknown;
  readonly protocol?: unknown;
  readonly host?: unknown;
  readonly public?: unknown;
}

/** The ports an entry writes: `ports` as written, or the `port` shorthand as one HTTP port. */
function writtenPorts(service: { readonly port?: unknown; readonly ports?: unknown }): WrittenPort[] {
  if (Array.isArray(service.ports)) return service.ports.filter((p): p is WrittenPort => typeof p === 'object' && p !== null);
  return typeof service.port === 'number' ? [{ name: 'http', port: service.port, protocol: 'http' }] : [];
}

const protocolOf = (p: WrittenPort): PortProtocol => (typeof p.protocol === 'string' ? (p.protocol as PortProtocol) : 'http');

/** Each port's name, default applied: the protocol for the first port of that protocol, else undefined (a name is needed). */
function portNames(ports: readonly WrittenPort[]): Array<string | undefined> {
  const firstOf = new Map<PortProtocol, number>();
  ports.forEach((p, i) => {
    if (!firstOf.has(protocolOf(p))) firstOf.set(protocolOf(p), i);
  });
  return ports.map((p, i) => (typeof p.name === 'string' ? p.name : firstOf.get(protocolOf(p)) === i ? protocolOf(p) : undefined));
}

/** The ports of a valid service entry, defaults applied, in the order written (the first is primary). */
export function resolvePorts(service: { readonly port?: number; readonly ports?: readonly WrittenPort[] }): ResolvedPort[] {
  const ports = writtenPorts(service);
  const names = portNames(ports);
  return ports.map((p, i) => ({
    name: names[i] ?? `port-${i + 1}`,
    port: p.port as number,
    servicePort: typeof p.servicePort === 'number' ? p.servicePort : (p.port as number),
    protocol: protocolOf(p),
    ...(typeof p.host === 'number' ? { host: p.host } : {}),
    ...(typeof p.public === 'boolean' ? { public: p.public } : {}),
  }));
}

interface WrittenHealth {
  readonly kind?: unknown;
  readonly port?: unknown;
  readonly path?: unknown;
  readonly service?: unknown;
  readonly command?: unknown;
  readonly liveness?: unknown;
}

/** The port `health.port` names (a name or container port number), else the primary port. */
export function healthPort<P extends { readonly name?: unknown; readonly port?: unknown }>(ports: readonly P[], names: ReadonlyArray<string | undefined>, which: unknown): P | undefined {
  if (which === undefined) return ports[0];
  const i = ports.findIndex((p, index) => (typeof which === 'number' ? p.port === which : names[index] === which));
  return i < 0 ? undefined : ports[i];
}

/** The readiness kind, default applied: the checked port's protocol when http or grpc, tcp for tcp, none for udp or no port. */
export function healthKindOf(kind: unknown, port: { readonly protocol?: unknown } | undefined): HealthKind {
  if (typeof kind === 'string') return kind as HealthKind;
  if (!port) return 'none';
  const protocol = typeof port.protocol === 'string' ? port.protocol : 'http';
  return protocol === 'udp' ? 'none' : (protocol as HealthKind);
}

/** The kinds of check a runtime's image can run for compose and the Dockerfile. */
export function probeKindsOf(runtime: string): readonly HealthProbeKind[] {
  return runtimePack(runtime).probeKinds ?? ['http'];
}

/**
 * The problems of a service entry's `port`/`ports` and `health` that zod cannot see (they relate
 * fields): both `port` and `ports`, names missing or taken, ports written twice, a health check on
 * a port the service does not have or cannot check, fields of another kind, a kind the runtime's
 * image cannot probe.
 */
export function servicePortProblems(service: Record<string, unknown>, label: string, where: string, file: string): Problem[] {
  const problems: Problem[] = [];
  if (service.port !== undefined && service.ports !== undefined) {
    problems.push({
      message: `Service ${label} has both "port" and "ports"`,
      expected: '"port" (one HTTP port) or "ports" (a list), not both',
      action: `Move the port into ${where}.ports, or remove ${where}.ports, in ${file}`,
    });
  }
  const ports = writtenPorts(service);
  const names = portNames(ports);
  const seen = { name: new Map<string, number>(), port: new Map<string, number>(), servicePort: new Map<string, number>() };
  ports.forEach((p, i) => {
    const at = `${where}.ports[${i}]`;
    const name = names[i];
    if (name === undefined) {
      problems.push({
        message: `Port ${String(p.port)} of ${label} needs a name: it is not the first ${protocolOf(p)} port`,
        expected: 'a name unique in the service, e.g. "admin" or "metrics" (only the first port of each protocol is named after it by default)',
        action: `Add "name" to ${at} in ${file}`,
      });
    }
    const clash = (kind: 'name' | 'port' | 'servicePort', key: string | undefined, what: string) => {
      if (key === undefined) return;
      const first = seen[kind].get(key);
      if (first === undefined) seen[kind].set(key, i);
      else
        problems.push({
          message: `Ports ${first + 1} and ${i + 1} of ${label} have the same ${what}`,
          value: key,
          expected: `a different ${what} for each port`,
          action: `Change ${at}.${kind === 'name' ? 'name' : kind} in ${file}`,
        });
    };
    clash('name', name, 'name');
    if (typeof p.port === 'number') clash('port', `${p.port}/${protocolOf(p) === 'udp' ? 'udp' : 'tcp'}`, 'container port and transport');
    const servicePort = typeof p.servicePort === 'number' ? p.servicePort : p.port;
    if (typeof servicePort === 'number') clash('servicePort', `${servicePort}/${protocolOf(p) === 'udp' ? 'udp' : 'tcp'}`, 'service port and transport');
  });

  const health = (typeof service.health === 'object' && service.health !== null ? service.health : undefined) as WrittenHealth | undefined;
  const hw = `${where}.health`;
  const checked = healthPort(ports, names, health?.port);
  if (health?.port !== undefined && !checked) {
    problems.push({
      message: `Health check of ${label} names port ${JSON.stringify(health.port)}, which the service does not have`,
      value: JSON.stringify(health.port),
      expected: ports.length ? `a port name or container port of ${label}: ${ports.map((p, i) => names[i] ?? String(p.port)).join(', ')}` : 'a port of the service (it has none)',
      action: `Fix ${hw}.port in ${file}`,
    });
  }
  const kind = healthKindOf(health?.kind, checked);
  const onPort = kind === 'http' || kind === 'grpc' || kind === 'tcp';
  if (health && onPort && (health.port === undefined || checked)) {
    if (!checked) {
      problems.push({
        message: `Service ${label} has a ${kind} health check but no port to serve it on`,
        expected: 'a "port" or "ports" alongside "health", or health kind "exec" or "none"',
        action: `Add "port" or "ports", or set ${hw}.kind to "exec" (with a command) or "none", in ${file}`,
      });
    } else if (protocolOf(checked) === 'udp') {
      problems.push({
        message: `Health check of ${label} is ${kind} on UDP port ${String(checked.port)}`,
        expected: 'a TCP port (protocol http, grpc or tcp) to check, or health kind "exec" or "none"',
        action: `Set ${hw}.port to a TCP port, or ${hw}.kind to "exec" or "none", in ${file}`,
      });
    }
  }
  if (health) {
    const only = (field: 'path' | 'service' | 'command', owner: HealthKind) => {
      if (health[field] !== undefined && kind !== owner) {
        problems.push({
          message: `Health check of ${label} has "${field}", which only a ${owner} check reads, but its kind is ${kind}`,
          value: JSON.stringify(health[field]),
          expected: `"kind": "${owner}" with "${field}", or no "${field}"`,
          action: `Remove ${hw}.${field} or set ${hw}.kind to "${owner}" in ${file}`,
        });
      }
    };
    only('path', 'http');
    only('service', 'grpc');
    only('command', 'exec');
    if (kind === 'exec' && health.command === undefined) {
      problems.push({
        message: `Health check of ${label} is of kind exec but has no command`,
        expected: 'an exec-form command that exits 0 when the service is ready, e.g. ["/app/healthcheck"]',
        action: `Add ${hw}.command in ${file}`,
      });
    }
    const liveness = health.liveness as { kind?: unknown } | undefined;
    const tcpPort = ports.find((p) => protocolOf(p) !== 'udp');
    const liveKind = liveness?.kind;
    if ((liveKind === 'tcp' || liveKind === 'http' || liveKind === 'grpc') && !(checked && protocolOf(checked) !== 'udp') && !tcpPort) {
      problems.push({
        message: `Liveness check of ${label} is ${String(liveKind)} but the service has no TCP port`,
        expected: 'a port of protocol http, grpc or tcp, or liveness kind "exec" or "none"',
        action: `Set ${hw}.liveness.kind to "exec" (with a command) or "none" in ${file}`,
      });
    }
  }
  const runtime = service.runtime;
  if (onPort && checked && protocolOf(checked) !== 'udp' && typeof runtime === 'string' && RUNTIME_TABLE.has(runtime) && service.archetype !== 'library') {
    const kinds = probeKindsOf(runtime);
    if (!(kinds as readonly string[]).includes(kind)) {
      const pack = runtimePack(runtime);
      problems.push({
        message: `${pack.title} cannot probe ${kind} in its image, for the health check of ${label}`,
        value: JSON.stringify(kind),
        expected: `a check the ${runtime} image can run: ${kinds.join(', ')}, or "exec" with your own probe, or "none"`,
        action: `Set ${hw}.kind to "exec" with your own probe command (e.g. a grpc_health_probe binary in the image), or "none", in ${file}${health?.kind === undefined ? ` (the default follows the ${kind} port)` : ''}`,
      });
    }
  }
  return problems;
}

/**
 * Whether a service entry has a health check its dependants can wait on as `healthy` (the default
 * wait of an edge to it, src/graph/edge-wait.ts): not a library or a job, and a readiness kind
 * other than `none`: an `exec` command, or a port to check in an image topograph generates.
 */
export function hasHealthCheck(service: { readonly archetype?: unknown; readonly runtime?: unknown; readonly port?: unknown; readonly ports?: unknown; readonly health?: unknown }): boolean {
  if (service.archetype === 'library' || service.archetype === 'job') return false;
  const health = (typeof service.health === 'object' && service.health !== null ? service.health : {}) as WrittenHealth;
  if (health.kind === 'exec') return true;
  // An image topograph did not build runs no probe it knows of (src/render/compose-probe.ts).
  if (service.runtime === 'dockerfile' || service.runtime === 'image') return false;
  const ports = writtenPorts(service);
  if (ports.length === 0) return false;
  return healthKindOf(health.kind, healthPort(ports, portNames(ports), health.port) ?? ports[0]) !== 'none';
}
