/**
 * Checks that need the whole topology: references, duplicates, cycles, port clashes, env clashes.
 * One implementation serves both doors: the JSON loader (on whatever parts of the file are
 * readable, so every problem is reported at once) and the construct tree (`node.addValidation`).
 */
import { initializationOrder } from './order';
import { POSTGRES_SUPERUSER, RESERVED_ROLE_NAMES, serviceRoleSecret, superuserSecret } from './postgres-roles';
import type { Problem } from './problems';
import { showValue } from './problems';
import { DNS_LABEL } from './schema';

export interface ShapeService {
  readonly name: string;
  readonly archetype?: string;
  readonly port?: number;
  readonly public?: boolean;
  readonly env?: readonly string[];
  /** How to point at it in a message, e.g. `services[catalog]`. */
  readonly where: string;
}

export interface ShapeDependency {
  readonly name: string;
  readonly type?: string;
  readonly port?: number;
  readonly publish?: boolean;
  /** Managed outside the topology (no roles or databases are created in it). */
  readonly external?: boolean;
  readonly where: string;
}

export interface ShapeEdge {
  readonly from: string;
  readonly to: string;
  /** The env variable the edge sets (explicit or default). */
  readonly env?: string;
  readonly database?: string;
  readonly where: string;
}

export interface TopologyShape {
  readonly services: readonly ShapeService[];
  readonly dependencies: readonly ShapeDependency[];
  readonly edges: readonly ShapeEdge[];
  /** Where the user fixes things: a file name, or "your topology code". */
  readonly source: string;
}

/** Databases every PostgreSQL cluster has that no service may own (see the edge check). */
const POSTGRES_TEMPLATES: readonly string[] = ['template0', 'template1'];

export function checkTopology(shape: TopologyShape): Problem[] {
  const problems: Problem[] = [];
  const { source } = shape;
  const services = new Map<string, ShapeService>();
  const dependencies = new Map<string, ShapeDependency>();

  for (const node of [...shape.services, ...shape.dependencies]) {
    const kind = 'archetype' in node ? 'service' : 'dependency';
    const other = services.get(node.name) ?? dependencies.get(node.name);
    if (other) {
      problems.push({
        message: `Duplicate name '${node.name}'`,
        value: `${other.where} and ${node.where}`,
        expected: 'each service and dependency named once (they share one DNS namespace)',
        action: `Rename one of them in ${source}`,
      });
      continue;
    }
    if (kind === 'service') services.set(node.name, node as ShapeService);
    else dependencies.set(node.name, node as ShapeDependency);
  }

  const seenEdges = new Map<string, string>();
  const needs = new Map<string, string[]>();
  const envOwners = new Map<string, Map<string, string>>();
  for (const service of services.values()) {
    const owners = new Map<string, string>();
    for (const env of service.env ?? []) owners.set(env, `${service.where}.env/secrets`);
    envOwners.set(service.name, owners);
  }

  for (const edge of shape.edges) {
    const from = services.get(edge.from);
    const targetService = services.get(edge.to);
    const targetDependency = dependencies.get(edge.to);
    if (!from) {
      problems.push(
        dependencies.has(edge.from)
          ? {
              message: `Edge ${edge.from} → ${edge.to} starts at dependency '${edge.from}'`,
              expected: 'edges start at a service; dependencies do not call anything',
              action: `Reverse or remove ${edge.where} in ${source}`,
            }
          : notInGraph(edge.from, `${edge.where}.from`, shape),
      );
    }
    if (!targetService && !targetDependency) problems.push(notInGraph(edge.to, `${edge.where}.to`, shape));
    if (!from || (!targetService && !targetDependency)) continue;

    if (edge.from === edge.to) {
      problems.push({
        message: `Service '${edge.from}' depends on itself`,
        value: `${edge.where}`,
        expected: 'an edge between two different nodes',
        action: `Remove ${edge.where} from ${source}`,
      });
      continue;
    }
    const key = `${edge.from}→${edge.to}`;
    if (seenEdges.has(key)) {
      problems.push({
        message: `Duplicate edge ${edge.from} → ${edge.to}`,
        value: `${seenEdges.get(key)} and ${edge.where}`,
        expected: 'one edge per pair',
        action: `Remove one of them from ${source}`,
      });
      continue;
    }
    seenEdges.set(key, edge.where);

    if (from.archetype === 'library') {
      problems.push({
        message: `Library '${from.name}' cannot call or use anything at run time`,
        value: edge.where,
        expected: 'edges from deployed services (web-service, worker, cli-tool, data-pipeline)',
        action: `Remove ${edge.where}, or change the archetype of '${from.name}' in ${source}`,
      });
    }
    if (targetService) {
      if (targetService.archetype === 'library') {
        problems.push({
          message: `Edge ${edge.from} → ${edge.to}: '${edge.to}' is a library and is not deployed`,
          expected: 'a service with a port',
          action: `Depend on the library in ${edge.from}'s package manifest instead, and remove ${edge.where} from ${source}`,
        });
      } else if (targetService.archetype === 'cli-tool' || targetService.archetype === 'data-pipeline') {
        problems.push({
          message: `Edge ${edge.from} → ${edge.to}: '${edge.to}' is a ${targetService.archetype} and runs to completion`,
          expected: 'the target of a service edge to be a web-service or worker that keeps running',
          action: `Remove ${edge.where} from ${source}, or change the archetype of '${edge.to}'`,
        });
      } else if (targetService.port === undefined) {
        problems.push({
          message: `Edge ${edge.from} → ${edge.to}: '${edge.to}' has no port to call`,
          value: `archetype ${showValue(targetService.archetype)}`,
          expected: 'the target of a service edge to listen on a port',
          action: `Give ${targetService.where} a "port", or remove ${edge.where} from ${source}`,
        });
      }
      if (edge.database !== undefined) {
        problems.push({
          message: `Edge ${edge.from} → ${edge.to} names a database, but '${edge.to}' is a service`,
          value: showValue(edge.database),
          expected: '"database" only on edges to a postgres dependency',
          action: `Remove "database" from ${edge.where} in ${source}`,
        });
      }
      needs.set(edge.from, [...(needs.get(edge.from) ?? []), edge.to]);
    } else if (targetDependency?.type === 'postgres' && !targetDependency.external && RESERVED_ROLE_NAMES.includes(edge.from)) {
      problems.push({
        message: `Service '${edge.from}' cannot log in to '${edge.to}' as a role of its own name`,
        value: showValue(edge.from),
        expected: `a service name other than ${RESERVED_ROLE_NAMES.join(', ')}: each service logs in to postgres as a role named like it, and "${POSTGRES_SUPERUSER}" is the superuser, the others reserved by PostgreSQL`,
        action: `Rename service '${edge.from}' in ${source}`,
      });
    } else if (targetDependency?.type === 'postgres' && edge.database !== undefined && POSTGRES_TEMPLATES.includes(edge.database)) {
      problems.push({
        message: `Edge ${edge.from} → ${edge.to} names the PostgreSQL template database '${edge.database}'`,
        value: showValue(edge.database),
        expected: `a database of the service's own (default: its name, '${edge.from}'), or "postgres"; template0 accepts no connections, and what is written to template1 is copied into every database created later`,
        action: `Remove "database" from ${edge.where} or choose another name in ${source}`,
      });
    } else if (targetDependency && edge.database !== undefined && targetDependency.type !== 'postgres') {
      problems.push({
        message: `Edge ${edge.from} → ${edge.to} names a database, but '${edge.to}' is ${targetDependency.type ?? 'not postgres'}`,
        value: showValue(edge.database),
        expected: '"database" only on edges to a postgres dependency',
        action: `Remove "database" from ${edge.where} in ${source}`,
      });
    }

    if (edge.env) {
      const owners = envOwners.get(edge.from)!;
      const owner = owners.get(edge.env);
      if (owner) {
        problems.push({
          message: `Service '${edge.from}' gets ${edge.env} twice`,
          value: `${owner} and ${edge.where}`,
          expected: 'each environment variable set once',
          action: `Set "env" on ${edge.where} to another name (e.g. ${edge.to.toUpperCase().replace(/-/g, '_')}_${edge.env}) in ${source}`,
        });
      } else owners.set(edge.env, edge.where);
    }
  }

  const { cycles } = initializationOrder([...services.keys()], needs);
  for (const cycle of cycles) {
    problems.push({
      message: 'Dependency cycle between services',
      value: cycle.join(' → '),
      expected: 'edges that form no loop, so there is a start-up order',
      action: `Remove one edge of the cycle in ${source}`,
    });
  }

  problems.push(...passwordSecretClashes(shape, services, dependencies));

  const hostPorts = new Map<number, string>();
  const published: Array<{ port: number; name: string; where: string }> = [
    ...[...services.values()]
      .filter((s) => s.port !== undefined && s.archetype === 'web-service')
      .map((s) => ({ port: s.port!, name: s.name, where: s.where })),
    ...[...dependencies.values()]
      .filter((d) => d.publish && d.port !== undefined)
      .map((d) => ({ port: d.port!, name: d.name, where: d.where })),
  ];
  for (const { port, name, where } of published) {
    const other = hostPorts.get(port);
    if (other) {
      problems.push({
        message: `Port clash: ${other} and ${name} both publish host port ${port}`,
        value: String(port),
        expected: 'a distinct port for each published service',
        action: `Change the port of ${where} in ${source}`,
      });
    } else hostPorts.set(port, name);
  }
  return problems;
}

/**
 * The secrets topograph names for postgres passwords (the superuser's, one per service role) must
 * each hold one password: `POSTGRES_CATALOG_PASSWORD` is both the role of service 'catalog' on
 * 'postgres' and the superuser of a dependency 'postgres-catalog'.
 */
function passwordSecretClashes(shape: TopologyShape, services: Map<string, ShapeService>, dependencies: Map<string, ShapeDependency>): Problem[] {
  const meanings = new Map<string, string>();
  const problems: Problem[] = [];
  const claim = (secret: string, meaning: string) => {
    const other = meanings.get(secret);
    if (other === undefined) meanings.set(secret, meaning);
    else if (other !== meaning) {
      problems.push({
        message: `Two passwords would share the secret ${secret}`,
        value: `${other} and ${meaning}`,
        expected: 'a secret of its own for each password (names are <DEPENDENCY>_PASSWORD and <DEPENDENCY>_<SERVICE>_PASSWORD)',
        action: `Rename one of the services or dependencies involved in ${shape.source}`,
      });
    }
  };
  const isPostgres = (d: ShapeDependency | undefined) => d?.type === 'postgres' && !d.external;
  for (const dep of dependencies.values()) if (isPostgres(dep)) claim(superuserSecret(dep.name), `the superuser of '${dep.name}'`);
  for (const edge of shape.edges) {
    if (services.has(edge.from) && isPostgres(dependencies.get(edge.to))) claim(serviceRoleSecret(edge.to, edge.from), `the role of '${edge.from}' on '${edge.to}'`);
  }
  return problems;
}

function notInGraph(name: string, where: string, shape: TopologyShape): Problem {
  const all = [...shape.services, ...shape.dependencies].map((n) => n.name).sort();
  // An invalid name (reported on its own) is never a suggestion; its lower-case form may be what the edge meant.
  const known = all.filter((k) => DNS_LABEL.test(k));
  const renamed = all.find((k) => !DNS_LABEL.test(k) && k.toLowerCase() === name);
  const close = known.filter((k) => editDistance(k, name) <= 2);
  return {
    message: `Service '${name}' not in topology graph`,
    value: where,
    expected: known.length ? `one of: ${known.join(', ')}` : 'a declared service or dependency',
    action: renamed
      ? `Rename '${renamed}' to '${name}' (its name is not valid, see above), or fix ${where} in ${shape.source}`
      : close.length
        ? `Did you mean '${close[0]}'? Fix ${where} in ${shape.source}`
        : `Add '${name}' to services or dependencies, or fix ${where} in ${shape.source}`,
  };
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
