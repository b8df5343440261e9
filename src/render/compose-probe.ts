/**
 * Whether compose can health-check a service, in one place (docs/topology-graph.md#own-dockerfiles-and-prebuilt-images).
 * A compose healthcheck (and a Dockerfile HEALTHCHECK) runs a command inside the container, so it
 * needs a probe that exists in the image: topograph knows one only for the images it builds (each
 * runtime pack's `healthProbe`). An image it did not build — runtime `dockerfile` or `image` — has
 * no known tool, so it gets no compose healthcheck and whoever needs it waits until it has started
 * (`service_started`); only an `exec` check the user names could run there. Kubernetes probes
 * (httpGet, tcpSocket) need no tool in the image and work for every service.
 */
import type { ServiceModel } from '../model';
import { healthProbe } from './probe';

/** Whether compose can run `service`'s health check inside its container: it has a probe (an `exec` check, or one its generated image holds). */
export function canProbeInCompose(service: ServiceModel): boolean {
  return healthProbe(service) !== undefined;
}
