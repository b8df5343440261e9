import type { Hit, KubernetesRule } from '../types';
import type { KubernetesContainer } from '../parse/kubernetes';

/**
 * A HorizontalPodAutoscaler aiming at a CPU or memory *utilization* reads it as a share of the
 * containers' requests: a container of the scaled workload without that request leaves the HPA
 * unable to compute the metric (FailedGetResourceMetric), so it never scales. `Resource` metrics
 * need the request on every container the pod runs (init containers only when they keep running,
 * `restartPolicy: Always`); `ContainerResource` metrics on the one they name. Target values
 * (`AverageValue`) need no request. Only targets in the same file can be checked.
 */
export const kubernetesHpaWithoutRequests: KubernetesRule = {
  id: 'kubernetes-hpa-without-requests',
  kind: 'kubernetes',
  severity: 'error',
  description: 'A HorizontalPodAutoscaler aiming at CPU or memory utilization cannot compute it for a pod whose containers lack that request, so it never scales.',
  fix: 'Set resources.requests.cpu (or .memory) on every container of the scaled workload (topograph: "resources": {"reservations": …} beside "autoscale" in the graph).',
  check(file) {
    const hits: Hit[] = [];
    for (const hpa of file.autoscalers ?? []) {
      const target = hpa.target && file.workloads.find((w) => w.kind === hpa.target!.kind && w.name === hpa.target!.name);
      if (!target) continue;
      const running = target.containers.filter((c) => !c.init || c.spec.restartPolicy === 'Always');
      hpa.metrics.forEach((metric, i) => {
        const need = utilizationResource(metric);
        if (!need) return;
        const containers: readonly KubernetesContainer[] = need.container === undefined ? running : running.filter((c) => c.name === need.container);
        for (const c of containers) {
          if (c.spec.resources?.requests?.[need.resource] !== undefined) continue;
          hits.push({
            message: `HorizontalPodAutoscaler ${hpa.name} scales ${target.kind} ${target.name} on ${need.resource} utilization, but container ${c.name} requests no ${need.resource}`,
            line: hpa.lineOf(['spec', 'metrics', i]),
            service: target.name,
          });
        }
      });
    }
    return hits;
  },
};

/** The resource (and container) a metric's Utilization target is a share of the requests of; undefined for other metrics. */
function utilizationResource(metric: Record<string, any>): { resource: string; container?: string } | undefined {
  const source = metric.type === 'Resource' ? metric.resource : metric.type === 'ContainerResource' ? metric.containerResource : undefined;
  if (!source || typeof source !== 'object' || source.target?.type !== 'Utilization' || typeof source.name !== 'string') return undefined;
  return { resource: source.name, ...(metric.type === 'ContainerResource' && typeof source.container === 'string' ? { container: source.container } : {}) };
}
