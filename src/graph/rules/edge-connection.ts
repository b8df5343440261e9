import { connectionProblems, connectionVariableNames, shapesConnection } from '../connection';
import type { Problem } from '../problems';
import { showValue } from '../problems';
import { portChoices, targetPort } from '../target-port';
import type { EdgeRule } from './types';

/**
 * An edge's connection fields make sense for its target: format or template, the placeholders and
 * split variables the target has values for, a port the target has, nothing for a job (there is
 * nothing to connect to), and split variables that clash with nothing else of the service.
 */
export const edgeConnection: EdgeRule = {
  id: 'edge-connection',
  scope: 'edge',
  description: 'An edge\'s "format", "template", "port" and split variables fit its target, and each variable they set is set once.',
  check({ edge, status, targetService, targetDependency, from }, { source, shape }) {
    if (status !== 'ok' || !from) return [];
    const options = edge.options ?? {};
    const problems: Problem[] = [];
    const names = { edge: `${edge.from} → ${edge.to}`, where: edge.where, target: edge.to, source };
    if (targetService?.archetype === 'job') {
      if (shapesConnection(options) || options.port !== undefined || edge.explicitEnv === true) {
        problems.push({
          message: `Edge ${edge.from} → ${edge.to} shapes a connection, but '${edge.to}' is a job`,
          expected: 'an edge to a job only orders start-up (it sets no variable: there is nothing to connect to)',
          action: `Remove "env", "format", "template", "port" and the split variables from ${edge.where} in ${source}`,
        });
      }
      return problems;
    }
    const target = targetService ?? targetDependency;
    const connection = edge.connection ?? { hasUser: false, hasPassword: false, hasDatabase: false };
    problems.push(...connectionProblems(options, { external: targetDependency?.external ?? false, ...connection }, names));
    if (options.port !== undefined && target && targetPort(target.port, options.port) === undefined) {
      problems.push({
        message: `Edge ${edge.from} → ${edge.to} names a port '${edge.to}' does not have`,
        value: showValue(options.port),
        expected: portChoices(target.port),
        action: `Fix "port" on ${edge.where}, or remove it for the primary port, in ${source}`,
      });
    }
    // The split variables clash with the service's own variables and its other edges' (the main one is env-clash's).
    const mine = connectionVariableNames(undefined, options);
    const service = shape.services.find((s) => s.name === edge.from);
    const others = new Map<string, string>();
    for (const name of service?.env ?? []) others.set(name, `${service!.where}.env/secrets`);
    for (const other of shape.edges) {
      if (other === edge || other.from !== edge.from) continue;
      for (const name of connectionVariableNames(other.env, other.options ?? {})) if (!others.has(name)) others.set(name, other.where);
    }
    if (options.format !== 'none' && edge.env !== undefined) others.set(edge.env, `${edge.where} (its main variable)`);
    const seen = new Set<string>();
    for (const name of mine) {
      const owner = seen.has(name) ? edge.where : others.get(name);
      seen.add(name);
      if (owner === undefined) continue;
      problems.push({
        message: `Service '${edge.from}' gets ${name} twice`,
        value: `${owner} and ${edge.where}`,
        expected: 'each environment variable set once',
        action: `Give the variable another name on ${edge.where} in ${source}`,
      });
    }
    return problems;
  },
};
