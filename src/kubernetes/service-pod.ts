/**
 * The pod every service workload runs (Deployment, Job, CronJob alike): its ServiceAccount with no
 * API token, its ConfigMap and env, init containers that wait for what it needs, the hardened
 * container with the image the Dockerfile builds, probes and a writable /tmp.
 */
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { ServiceModel } from '../model';
import { APP_UID } from '../runtimes';
import { containerEnv } from './container-env';
import { type Labels, podLabels, serviceLabels } from './labels';
import { hardenPodTemplate } from './pod-template';
import { serviceProbes } from './probes';
import type { RenderContext } from './render-context';
import { WAIT_RESOURCES } from './resources';
import { CONTAINER_SECURITY, podSecurityContext, scratchVolume } from './security';
import { type WaitTarget, waitInitContainer } from './wait-init-container';
import { jobsToWaitFor, jobWaitAccess, jobWaitInitContainer, mountWaitToken } from './job-wait';
import { kubernetesTemplate } from './environment';
import { segmentLabels } from './segments';

export interface ServicePod {
  /** Labels of the service's own objects (the chart adds the topology's). */
  readonly labels: Labels;
  /** Props for the workload construct: pod metadata, security, service account, containers. */
  readonly props: kplus.WorkloadProps;
  /** Call with the workload once it exists (adds the patches cdk8s-plus has no API for). */
  readonly hardenTemplate: (workload: kplus.AbstractPod, templatePath: string) => void;
}

export interface ServicePodOptions {
  /** Whether the container gets HTTP probes (long-running services with a health check). */
  readonly probes: boolean;
}

export function servicePod(scope: Construct, service: ServiceModel, ctx: RenderContext, options: ServicePodOptions): ServicePod {
  const topology = ctx.topology;
  const labels = serviceLabels(topology, service);
  const serviceAccount = new kplus.ServiceAccount(scope, `${service.name}:service-account`, {
    metadata: { name: service.name, labels },
    automountToken: false,
  });
  const env = containerEnv(scope, service.name, service.env, labels, ctx);
  const waits = waitTargets(service, ctx);
  const jobs = jobsToWaitFor(service, topology);
  jobWaitAccess(scope, service.name, jobs, labels);
  const tmp = scratchVolume(scope, `${service.name}:tmp`, 'tmp');
  const probes = options.probes && service.health ? serviceProbes(service.health) : undefined;
  const container: kplus.ContainerProps = {
    name: service.name,
    image: service.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    // An image topograph did not build keeps its own command unless the graph gives one (as compose's `command`).
    ...(service.build.kind !== 'generated' && service.command ? { args: [...service.command] } : {}),
    ...(service.ports.length ? { ports: service.ports.map((p) => ({ number: p.port, name: p.name, ...(p.protocol === 'udp' ? { protocol: kplus.Protocol.UDP } : {}) })) } : {}),
    envVariables: env.variables,
    securityContext: CONTAINER_SECURITY,
    resources: {},
    volumeMounts: [{ path: '/tmp', volume: tmp }],
    ...(probes ?? {}),
    ...(service.commandTemplate ? { command: service.commandTemplate.map((arg) => kubernetesTemplate(arg)) } : {}),
  };
  const initContainers = [...waits.map((w) => waitInitContainer(w, ctx, service.uid === undefined ? APP_UID : undefined)), ...jobs.map((job) => jobWaitInitContainer(job, topology.namespace, tmp))];
  const tokenMounts = jobs.map((_, i) => waits.length + i);
  return {
    labels,
    props: {
      metadata: { name: service.name, labels },
      podMetadata: { labels: { ...podLabels(topology, labels), ...segmentLabels(service) }, annotations: env.annotations },
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: podSecurityContext(service.uid, service.ports.map((p) => p.port)),
      containers: [container],
      initContainers,
    },
    hardenTemplate: (workload, templatePath) => {
      hardenPodTemplate(workload, templatePath, {
        containers: [service.resources],
        initContainers: initContainers.map(() => WAIT_RESOURCES),
      });
      mountWaitToken(workload, templatePath, tokenMounts);
    },
  };
}

/**
 * What the service waits for to accept connections before it starts: what its edges wait for as
 * healthy or started (a ready pod behind the Service either way: see src/graph/edge-wait.ts),
 * except external dependencies and targets without a port. Jobs it waits to complete are
 * `jobsToWaitFor`'s (src/kubernetes/job-wait.ts).
 */
export function waitTargets(service: ServiceModel, ctx: RenderContext): WaitTarget[] {
  const targets: WaitTarget[] = [];
  for (const edge of ctx.topology.edges) {
    if (edge.from !== service.name || edge.wait === 'none' || edge.wait === 'completed') continue;
    const node = ctx.nodes.get(edge.to);
    if (!node || (node.kind === 'dependency' && node.external)) continue;
    const port = node.port;
    // A TCP connect never reaches a UDP port: a service whose primary port is UDP is not waited for.
    if (node.kind === 'service' && node.ports[0]?.protocol === 'udp') continue;
    if (port !== undefined) targets.push({ host: node.name, port });
  }
  return targets;
}
