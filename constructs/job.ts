import type { Construct } from 'constructs';
import { Service, type ServiceProps } from './service';

/** Props for a job. */
export interface JobProps extends Omit<ServiceProps, 'replicas' | 'autoscale' | 'public' | 'schedule'> {}

/**
 * A one-shot task started with the stack (seeding, migrations) that others can wait on to
 * complete: compose `restart: "no"` and `service_completed_successfully`, a Kubernetes Job whose
 * Complete condition dependants' init containers wait for (docs/kubernetes.md).
 */
export class Job extends Service {
  public constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id, 'job', props);
  }
}
