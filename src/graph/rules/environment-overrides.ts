import { connectionVariableNames } from '../connection';
import { editDistance } from '../edit-distance';
import type { Problem } from '../problems';
import type { CheckedTopology, TopologyRule } from './types';

/**
 * An environment overrides only members of the topology, and only variables the service sets
 * itself: a variable an edge sets (the connection) or a secret (supplied at run time) cannot be
 * given a plain value per environment.
 */
export const environmentOverrides: TopologyRule = {
  id: 'environment-overrides',
  scope: 'topology',
  description: 'An environment names only services and dependencies of the topology, and overrides no variable an edge sets nor a secret.',
  check(topology) {
    return (topology.shape.environments ?? []).flatMap((env) => environmentProblems(env.name, topology));
  },
};

/** The problems of one environment's overrides (none when it overrides nothing wrong). */
export function environmentProblems(name: string, topology: CheckedTopology): Problem[] {
  const env = topology.shape.environments?.find((e) => e.name === name);
  if (!env) return [];
  const { source } = topology;
  const problems: Problem[] = [];
  const serviceNames = [...topology.services.keys()].sort();
  const dependencyNames = [...topology.dependencies.keys()].sort();
  for (const override of env.services) {
    const service = topology.services.get(override.name);
    const at = `${env.where}.services[${JSON.stringify(override.name)}]`;
    if (!service) {
      problems.push(unknownMember(env.name, 'service', override.name, serviceNames, dependencyNames.includes(override.name) ? `'${override.name}' is a dependency: move it to ${env.where}.dependencies` : undefined, at, source));
      continue;
    }
    const secrets = new Set(service.secrets ?? []);
    const edgeVariables = new Map<string, string>();
    for (const { edge, status } of topology.edges) {
      if (status !== 'ok' || edge.from !== service.name) continue;
      for (const variable of connectionVariableNames(edge.env, edge.options ?? {})) if (!edgeVariables.has(variable)) edgeVariables.set(variable, edge.where);
    }
    for (const variable of override.env) {
      const edge = edgeVariables.get(variable);
      if (edge !== undefined) {
        problems.push({
          message: `Environment '${env.name}' overrides ${variable} of service '${service.name}', which ${edge} sets`,
          value: `${at}.env.${variable}`,
          expected: 'only the variables the service sets itself ("env"): an edge sets its connection variables in every environment',
          action: `Remove ${variable} from ${at}.env in ${source}; to point the service elsewhere in '${env.name}', override the dependency instead (e.g. "external": true)`,
          path: `environments.${env.name}`,
        });
      } else if (secrets.has(variable)) {
        problems.push({
          message: `Environment '${env.name}' gives secret ${variable} of service '${service.name}' a plain value`,
          value: `${at}.env.${variable} (not shown: it may be a secret)`,
          expected: 'no secret in "env": a secret\'s value is supplied at run time in every environment (.env, the Kubernetes Secret)',
          action: `Remove ${variable} from ${at}.env in ${source} and supply the environment's value where it runs`,
          path: `environments.${env.name}`,
        });
      }
    }
  }
  for (const dependency of env.dependencies) {
    if (topology.dependencies.has(dependency)) continue;
    const at = `${env.where}.dependencies[${JSON.stringify(dependency)}]`;
    problems.push(unknownMember(env.name, 'dependency', dependency, dependencyNames, serviceNames.includes(dependency) ? `'${dependency}' is a service: move it to ${env.where}.services` : undefined, at, source));
  }
  return problems;
}

function unknownMember(env: string, what: 'service' | 'dependency', name: string, known: readonly string[], hint: string | undefined, at: string, source: string): Problem {
  const close = known.find((k) => editDistance(k, name) <= 2);
  return {
    message: `Environment '${env}' overrides unknown ${what} '${name}'`,
    value: JSON.stringify(name),
    expected: known.length ? `a ${what} of the topology: ${known.join(', ')}` : `a ${what} of the topology (it has none)`,
    action: hint ? `${hint} in ${source}` : close ? `Did you mean '${close}'? Fix ${at} in ${source}` : `Remove ${at} from ${source}, or add the ${what}`,
    path: `environments.${env}`,
  };
}
