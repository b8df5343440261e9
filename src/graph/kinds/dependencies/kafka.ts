/**
 * Apache Kafka from the Apache project's image (`apache/kafka`), one node in KRaft mode (broker and
 * controller in one process), for development: no authentication (the Kubernetes network policies
 * admit only its users), topics replicated once. Services get `KAFKA_URL` (`kafka://<name>:9092`;
 * clients take `<name>:9092` as their bootstrap server, an edge's `"format": "address"` gives that).
 *
 * Checked against the image's Dockerfile and examples (github.com/apache/kafka docker/jvm/Dockerfile,
 * docker/examples/…/single-node/plaintext): settings as `KAFKA_*` variables, `CLUSTER_ID` required
 * in KRaft mode; user appuser (uid 1000, from `adduser -D`); data in /var/lib/kafka/data; the
 * launch script writes /opt/kafka/config at start (so the root filesystem stays writable) and the
 * tools are in /opt/kafka/bin. The data directory sits in a sub-path: Kafka takes every directory
 * of a log directory for a partition, and a volume root's lost+found is none.
 *
 * The health check asks the broker for its API versions over a listener bound to 127.0.0.1 and
 * advertised as such (LOCAL, also the inter-broker listener): the tool then connects to the address
 * the broker advertises, and the service's own name would not resolve in Kubernetes before the pod
 * is ready (the headless Service lists ready pods only).
 */
import { createHash } from 'node:crypto';
import type { DependencyKindPack } from '../dependency';

/** Port of the loopback listener the health check and the broker itself use. */
const LOCAL_PORT = 19092;

/** A fixed KRaft cluster id per dependency name (16 bytes, base64url, as `kafka-storage random-uuid` prints one). */
export function kafkaClusterId(name: string): string {
  return createHash('sha256').update(`topograph kafka ${name}`).digest().subarray(0, 16).toString('base64url');
}

/** Kafka. */
export const KAFKA: DependencyKindPack = {
  name: 'kafka',
  defaultVersion: '4.1.0',
  image: (version) => `apache/kafka:${version}`,
  port: 9092,
  healthCheck: {
    command: ['/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', `127.0.0.1:${LOCAL_PORT}`],
    interval: '10s',
    timeout: '10s',
    retries: 10,
    startPeriod: '30s',
  },
  dataPath: '/var/lib/kafka/data',
  dataSubPath: 'kafka',
  writableRoot: true,
  env: {
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_LISTENERS: `PLAINTEXT://:9092,CONTROLLER://127.0.0.1:9093,LOCAL://127.0.0.1:${LOCAL_PORT}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,LOCAL:PLAINTEXT',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'LOCAL',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@127.0.0.1:9093',
    KAFKA_LOG_DIRS: '/var/lib/kafka/data',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_HEAP_OPTS: '-Xms512m -Xmx512m',
  },
  envFor: (name) => ({
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${name}:9092,LOCAL://127.0.0.1:${LOCAL_PORT}`,
    CLUSTER_ID: kafkaClusterId(name),
  }),
  connection: { env: 'KAFKA_URL', scheme: 'kafka' },
  uid: 1000,
};
