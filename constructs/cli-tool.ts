import type { Construct } from 'constructs';
import { Service, type ServiceProps } from './service';

/** Props for a command-line tool. */
export interface CliToolProps extends Omit<ServiceProps, 'schedule' | 'replicas' | 'autoscale' | 'health' | 'public'> {}

/** A command-line tool: an image whose entrypoint is the program, run on demand (compose profile "tools"). */
export class CliTool extends Service {
  public constructor(scope: Construct, id: string, props: CliToolProps) {
    super(scope, id, 'cli-tool', props);
  }
}
