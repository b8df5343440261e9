import { OTEL_VARIABLES } from '../telemetry';
import type { Problem } from '../problems';
import type { TopologyRule } from './types';

/**
 * With `telemetry`, topograph sets the OTEL_* variables of every containerized service, so the
 * service may not set one itself (env, secrets) nor through an edge: each variable has one owner,
 * like every other variable (env-clash).
 */
export const telemetryEnvClash: TopologyRule = {
  id: 'telemetry-env-clash',
  scope: 'topology',
  description: 'With "telemetry", no service sets OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_PROTOCOL itself.',
  check({ shape, services, edges, source }) {
    if (!shape.telemetry) return [];
    const reserved = new Set<string>(OTEL_VARIABLES);
    const problems: Problem[] = [];
    for (const service of services.values()) {
      if (service.archetype === 'library') continue;
      for (const env of service.env ?? []) {
        if (!reserved.has(env)) continue;
        problems.push({
          message: `Service '${service.name}' sets ${env}, which telemetry sets`,
          value: `${service.where}.env/secrets`,
          expected: `no ${OTEL_VARIABLES.join(', ')} of its own: "telemetry" sets them on every service`,
          action: `Remove ${env} from ${service.where} (change it through "telemetry" instead), or remove "telemetry", in ${source}`,
        });
      }
    }
    for (const { edge, status, from } of edges) {
      if (status !== 'ok' || !edge.env || !reserved.has(edge.env) || from?.archetype === 'library') continue;
      problems.push({
        message: `Edge ${edge.from} → ${edge.to} sets ${edge.env}, which telemetry sets`,
        value: edge.where,
        expected: `no ${OTEL_VARIABLES.join(', ')} from an edge: "telemetry" sets them on every service`,
        action: `Set "env" on ${edge.where} to another name, or "format": "none", in ${source}`,
      });
    }
    return problems;
  },
};
