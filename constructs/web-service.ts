import type { Construct } from 'constructs';
import { type PortOptions, Service, type ServiceProps } from './service';

/** Props for a web service: as ServiceProps, with a port required: `port` (one HTTP port) or `ports`. */
export type WebServiceProps = ServiceProps &
  (
    | {
        /** Port the service listens on (one HTTP port, not published on the host). */
        readonly port: number;
      }
    | {
        /** Ports it listens on, the first primary; published on the host only with `host`. */
        readonly ports: PortOptions[];
      }
  );

/** An HTTP service: long-running, health-checked on its port, reachable by the services that call it. */
export class WebService extends Service {
  public constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id, 'web-service', props);
  }
}
