import type { Construct } from 'constructs';
import type { DependencyCommonProps } from './dependency';
import { KindDependency } from './kind-dependency';

/** Props for PostgreSQL. */
export interface PostgresProps extends DependencyCommonProps {
  /** Major version of the official image. @default "17" */
  readonly version?: string;
}

/**
 * PostgreSQL from the official image (its pack: src/graph/kinds/dependencies/postgres.ts). Every service
 * that uses it gets its own database (named after the service unless the edge names one) and logs
 * in as its own role, which owns only that database, with the password in the secret
 * `<NAME>_<SERVICE>_PASSWORD`; the superuser password, `<NAME>_PASSWORD`, stays with the postgres
 * container (docs/topology-graph.md#postgres-roles).
 */
export class Postgres extends KindDependency {
  public constructor(scope: Construct, id: string, props: PostgresProps = {}) {
    super(scope, id, { ...props, type: 'postgres' });
  }
}
