import type { Construct } from 'constructs';
import { Service, type ServiceProps } from './service';

/** Props for a web service: as ServiceProps, with the port required. */
export interface WebServiceProps extends ServiceProps {
  /** Port the service listens on. */
  readonly port: number;
}

/** An HTTP service: long-running, health-checked on its port, reachable by the services that call it. */
export class WebService extends Service {
  public constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id, 'web-service', props);
  }
}
