import type { Construct } from 'constructs';
import type { DependencyCommonProps } from './dependency';
import { KindDependency } from './kind-dependency';

/** Props for NATS. */
export interface NatsProps extends DependencyCommonProps {
  /** Version line of the official image. @default "2.10" */
  readonly version?: string;
}

/** NATS with JetStream from the official image, monitored on 8222; services get `NATS_URL` (its pack: src/graph/kinds/dependencies/nats.ts). */
export class Nats extends KindDependency {
  public constructor(scope: Construct, id: string, props: NatsProps = {}) {
    super(scope, id, { ...props, type: 'nats' });
  }
}
