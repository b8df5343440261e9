import * as path from 'node:path';
import type { Construct } from 'constructs';
import { JsonPatch } from 'cdk8s';
import { Nats, Postgres, Redis, Topology, WebService } from 'topograph';
import { RabbitMq } from './rabbitmq';

/** Props for the shop topology. */
export interface ShopProps {
  /** Version of the system: image tags. @default "0.1.0" */
  readonly version?: string;
  /** Registry the images are pushed to. @default none (local images) */
  readonly registry?: string;
  /**
   * Directory holding the application sources (one sub-directory per service). This example
   * reuses the apps of the `shop` example next to it.
   * @default "../shop", relative to the working directory (npm scripts and cdk8s run from this repo's root)
   */
  readonly appsDir?: string;
}

/**
 * The shop, composed in code: three web services over Postgres, Redis, NATS and a RabbitMQ of
 * our own (catalog publishes product events to it, billing consumes them).
 */
export function shopTopology(scope: Construct, props: ShopProps = {}): Topology {
  const shop = new Topology(scope, 'shop', {
    description: 'Catalog, billing and auth services over Postgres, Redis, NATS and RabbitMQ',
    version: props.version ?? '0.1.0',
    registry: props.registry,
    baseDir: path.resolve(props.appsDir ?? path.join('..', 'shop')),
  });

  // Limits on every container keep the hardening checks free of warnings (docs/lint.md).
  const postgres = new Postgres(shop, 'postgres', {
    version: '16',
    storage: '10Gi',
    resources: { limits: { cpu: 1, memory: '1Gi' }, reservations: { cpu: '250m', memory: '256Mi' } },
  });
  const redis = new Redis(shop, 'redis', { version: '7', resources: { limits: { cpu: 0.5, memory: '256Mi' } } });
  const nats = new Nats(shop, 'nats', { version: '2.10', resources: { limits: { cpu: 0.5, memory: '256Mi' } } });
  const rabbitmq = new RabbitMq(shop, 'rabbitmq', { storage: '2Gi', resources: { limits: { cpu: 1, memory: '512Mi' } } });

  const catalog = new WebService(shop, 'catalog', {
    description: 'Product catalog API',
    runtime: 'python',
    framework: 'fastapi',
    ports: [{ port: 8001, host: 8001 }],
    health: { path: '/health', startPeriod: '40s' },
    env: { LOG_LEVEL: 'info' },
    secrets: ['JWT_SECRET'],
    replicas: 2,
    resources: { limits: { cpu: 2, memory: '4G' }, reservations: { cpu: 1, memory: '2G' } },
  });
  const billing = new WebService(shop, 'billing', {
    description: 'Invoices and payments API',
    runtime: 'node',
    framework: 'express',
    entry: 'src/index.js',
    ports: [{ port: 8002, host: 8002 }],
    secrets: ['JWT_SECRET'],
    resources: { limits: { cpu: 1, memory: '2G' } },
  });
  const auth = new WebService(shop, 'auth', {
    description: 'Authentication API',
    runtime: 'bun',
    ports: [{ port: 8003, host: 8003 }],
    secrets: ['JWT_SECRET'],
    resources: { limits: { cpu: 0.5, memory: '512Mi' }, reservations: { cpu: '250m', memory: '128Mi' } },
  });
  catalog.uses(postgres).uses(redis).uses(nats).uses(rabbitmq);
  billing.uses(postgres).uses(nats).uses(rabbitmq).calls(catalog);
  auth.uses(postgres).calls(catalog);

  // Escape hatches: values the props do not cover, without forking topograph.
  catalog.addComposeOverride('logging', { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
  catalog.addDockerfileInstruction('RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*');
  billing.addKubernetesPatch('Deployment', JsonPatch.add('/spec/revisionHistoryLimit', 3));

  return shop;
}
