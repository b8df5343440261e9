/**
 * Programs that run to completion:
 *
 * - data-pipeline with a schedule → CronJob (no overlapping runs; a run missed by up to
 *   {@link STARTING_DEADLINE_SECONDS} still starts; the last 3 successful and last failed Job kept);
 * - data-pipeline without one → a Job that runs once when applied (Kubernetes retries a failing
 *   pod up to its default 6 times). Its pod template is immutable: to run it again, delete the Job
 *   and apply;
 * - cli-tool → a Job *template*, kept out of the applied set: `kubectl create -f` it to run the
 *   tool once (it has `generateName`, so each run is a new Job, not retried when it fails, and
 *   cleaned up a day after it ends).
 *
 * Pods restart never (a failed run is a new pod) and have no probes: they are not long-running.
 */
import { ApiObject, Cron, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { ServiceModel } from '../model';
import { TEMPLATE_PATH } from './pod-template';
import type { RenderContext } from './render-context';
import { servicePod } from './service-pod';

/** How late a scheduled run may start (the CronJob controller's own default of 10 s skips runs after a short outage). */
export const STARTING_DEADLINE_SECONDS = 300;
/** How long a finished cli-tool Job stays for `kubectl logs`. */
export const TOOL_JOB_TTL_SECONDS = 86400;

export function pipelineWorkload(scope: Construct, service: ServiceModel, ctx: RenderContext): void {
  const pod = servicePod(scope, service, ctx, { probes: false });
  if (service.schedule) {
    const [minute, hour, day, month, weekDay] = service.schedule.trim().split(/\s+/);
    const cronJob = new kplus.CronJob(scope, `${service.name}:cron-job`, {
      ...pod.props,
      schedule: Cron.schedule({ minute, hour, day, month, weekDay }),
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.seconds(STARTING_DEADLINE_SECONDS),
      successfulJobsRetained: 3,
      failedJobsRetained: 1,
    });
    pod.hardenTemplate(cronJob, TEMPLATE_PATH.cronJob);
  } else {
    const job = new kplus.Job(scope, `${service.name}:job`, pod.props);
    pod.hardenTemplate(job, TEMPLATE_PATH.job);
  }
}

/**
 * A cli-tool's Job template. `serviceScope` gets its ServiceAccount and ConfigMap (applied with the
 * services, so every run finds them); `toolScope` gets the Job alone.
 */
export function toolJobTemplate(serviceScope: Construct, toolScope: Construct, service: ServiceModel, ctx: RenderContext): void {
  const pod = servicePod(serviceScope, service, ctx, { probes: false });
  const job = new kplus.Job(toolScope, `${service.name}:job`, {
    ...pod.props,
    backoffLimit: 0,
    ttlAfterFinished: Duration.seconds(TOOL_JOB_TTL_SECONDS),
  });
  pod.hardenTemplate(job, TEMPLATE_PATH.job);
  ApiObject.of(job).addJsonPatch(JsonPatch.remove('/metadata/name'), JsonPatch.add('/metadata/generateName', `${service.name}-`));
}
