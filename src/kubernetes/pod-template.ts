/**
 * The last touches every pod template gets, through JSON patches where cdk8s-plus has no API:
 * seccomp, dropped capabilities and exact resources on every container; no service links (else
 * Kubernetes adds `<SERVICE>_PORT=tcp://…` and friends for every Service in the namespace, which
 * images such as postgres or redis clients may misread, and the environment would differ from
 * compose's); and removal of the `cdk8s.io/metadata.addr` label (selectors use the standard
 * labels; manifests carry nothing that depends on how they were generated).
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { ResourcesModel } from '../model';
import { resourceRequirements } from './resources';
import { CAPABILITIES, SECCOMP_PROFILE } from './security';

/** Where the pod template sits in each workload kind. */
export const TEMPLATE_PATH = {
  deployment: '/spec/template',
  statefulSet: '/spec/template',
  job: '/spec/template',
  cronJob: '/spec/jobTemplate/spec/template',
} as const;

export interface PodResources {
  /** Resources of each container, in the order they were added. */
  readonly containers: readonly ResourcesModel[];
  /** Resources of each init container, in the order they were added. */
  readonly initContainers: readonly ResourcesModel[];
}

/** Hardens the pod template of `workload` (see the module comment); call once every container has been added. */
export function hardenPodTemplate(workload: kplus.AbstractPod, templatePath: string, resources: PodResources): void {
  const object = ApiObject.of(workload);
  const spec = `${templatePath}/spec`;
  object.addJsonPatch(
    JsonPatch.remove(`${templatePath}/metadata/labels/cdk8s.io~1metadata.addr`),
    JsonPatch.add(`${spec}/securityContext/seccompProfile`, SECCOMP_PROFILE),
    JsonPatch.add(`${spec}/enableServiceLinks`, false),
  );
  const harden = (list: string, all: readonly ResourcesModel[]) =>
    all.forEach((r, i) =>
      object.addJsonPatch(
        JsonPatch.add(`${spec}/${list}/${i}/securityContext/capabilities`, CAPABILITIES),
        JsonPatch.add(`${spec}/${list}/${i}/resources`, resourceRequirements(r)),
      ),
    );
  harden('containers', resources.containers);
  harden('initContainers', resources.initContainers);
}
