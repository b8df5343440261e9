/**
 * A dependency run in the cluster (postgres, redis, nats, or your own kind): a StatefulSet of one
 * pod with a persistent volume claim of the graph's size (default storage class) for its data, a
 * headless Service with its name (the DNS name services connect to), its own ServiceAccount and
 * probes from its compose health check. Its command becomes the container's `args`, as compose's
 * `command` replaces the image's CMD, not its ENTRYPOINT.
 *
 * postgres gets a ConfigMap with the SQL that creates each service's database, mounted where the
 * image runs it on first start. An external (managed) dependency gets nothing here: the services
 * that use it read its URL from a Secret the user creates.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { formatMemoryQuantity } from '../graph/quantities';
import type { DependencyModel } from '../model';
import { APP_UID } from '../runtimes';
import { containerEnv } from './container-env';
import { dependencyLabels, podLabels, selectorLabels } from './labels';
import { dependencyPortName, initConfigMapName } from './names';
import { hardenPodTemplate, TEMPLATE_PATH } from './pod-template';
import { execProbes } from './probes';
import { aliasServices } from './aliases';
import { segmentLabels } from './segments';
import type { RenderContext } from './render-context';
import { CONTAINER_SECURITY, podSecurityContext, scratchVolume } from './security';

/** Name of the volume claim template (PVCs are `data-<dependency>-0`). */
export const DATA_VOLUME = 'data';

export function dependencyWorkload(scope: Construct, dep: DependencyModel, ctx: RenderContext): void {
  const labels = dependencyLabels(dep);
  const selector = selectorLabels(ctx.topology, dep.name);
  const uid = dep.uid ?? APP_UID;
  const env = containerEnv(scope, dep.name, dep.env, labels, ctx);
  const serviceAccount = new kplus.ServiceAccount(scope, `${dep.name}:service-account`, {
    metadata: { name: dep.name, labels },
    automountToken: false,
  });
  const portName = dependencyPortName(dep);
  const headless = new kplus.Service(scope, `${dep.name}:service`, {
    metadata: { name: dep.name, labels },
    clusterIP: 'None',
    ports: [{ name: portName, port: dep.port, targetPort: dep.port }],
  });
  for (const [key, value] of Object.entries(selector)) headless.selectLabel(key, value);
  aliasServices(scope, dep, selector, labels, [{ name: portName, port: dep.port, targetPort: dep.port }]);

  const mounts: kplus.VolumeMount[] = [{ path: '/tmp', volume: scratchVolume(scope, `${dep.name}:tmp`, 'tmp') }];
  dep.scratchPaths.filter((p) => p !== '/tmp').forEach((path, i) =>
    mounts.push({ path, volume: scratchVolume(scope, `${dep.name}:run-${i}`, `run-${i}`) }),
  );
  if (dep.init) {
    const initConfig = new kplus.ConfigMap(scope, `${dep.name}:init`, {
      metadata: { name: initConfigMapName(dep), labels },
      data: { ...dep.init.files },
    });
    mounts.push({ path: dep.init.path, readOnly: true, volume: kplus.Volume.fromConfigMap(scope, `${dep.name}:init-volume`, initConfig, { name: 'init' }) });
  }
  const statefulSet = new kplus.StatefulSet(scope, `${dep.name}:stateful-set`, {
    metadata: { name: dep.name, labels },
    podMetadata: { labels: { ...podLabels(ctx.topology, labels), ...segmentLabels(dep) }, annotations: env.annotations },
    select: false,
    service: headless,
    replicas: 1,
    serviceAccount,
    automountServiceAccountToken: false,
    securityContext: podSecurityContext(uid, [dep.port]),
    containers: [
      {
        name: dep.name,
        image: dep.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ...(dep.command ? { args: [...dep.command] } : {}),
        ports: [{ number: dep.port, name: portName }],
        envVariables: env.variables,
        securityContext: CONTAINER_SECURITY,
        resources: {},
        volumeMounts: mounts,
        ...execProbes(dep.healthCheck),
      },
    ],
  });
  statefulSet.select(kplus.LabelSelector.of({ labels: selector }));
  hardenPodTemplate(statefulSet, TEMPLATE_PATH.statefulSet, { containers: [dep.resources], initContainers: [] });
  const object = ApiObject.of(statefulSet);
  // StatefulSet.select(this) put the cdk8s address label on the headless Service's selector too.
  // cdk8s-plus lists no external IPs as an empty list.
  ApiObject.of(headless).addJsonPatch(JsonPatch.remove('/spec/selector/cdk8s.io~1metadata.addr'), JsonPatch.remove('/spec/externalIPs'));
  if (dep.dataPath) {
    object.addJsonPatch(
      JsonPatch.add(`${TEMPLATE_PATH.statefulSet}/spec/containers/0/volumeMounts/-`, { name: DATA_VOLUME, mountPath: dep.dataPath }),
      JsonPatch.add('/spec/volumeClaimTemplates', [
        {
          metadata: { name: DATA_VOLUME, labels: podLabels(ctx.topology, labels) },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: kplus.k8s.Quantity.fromString(formatMemoryQuantity(dep.storage)) } },
          },
        },
      ]),
    );
  }
}
