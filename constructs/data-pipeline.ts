import type { Construct } from 'constructs';
import { Service, type ServiceProps } from './service';

/** Props for a data pipeline. */
export interface DataPipelineProps extends Omit<ServiceProps, 'replicas' | 'autoscale' | 'public'> {
  /** Cron schedule, e.g. "0 3 * * *". @default none (runs once) */
  readonly schedule?: string;
}

/** A batch program that runs to completion: once, or on a schedule (Kubernetes CronJob). */
export class DataPipeline extends Service {
  public constructor(scope: Construct, id: string, props: DataPipelineProps) {
    super(scope, id, 'data-pipeline', props);
  }
}
