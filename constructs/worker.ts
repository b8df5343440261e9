import type { Construct } from 'constructs';
import { Service, type ServiceProps } from './service';

/** Props for a worker. */
export interface WorkerProps extends ServiceProps {}

/** A long-running background program (queue consumer, scheduler loop). Health-checked when it has a port. */
export class Worker extends Service {
  public constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id, 'worker', props);
  }
}
