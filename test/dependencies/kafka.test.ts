/** The kafka kind (src/graph/kinds/dependencies/kafka.ts): one KRaft node, advertised under its own name. */
import { kafkaClusterId } from '../../src/graph/kinds/dependencies/kafka';
import { both, describeKind, kindGraph, kubernetesValue } from './helpers';

describeKind({
  type: 'kafka',
  image: 'apache/kafka:4.1.0',
  port: 9092,
  healthCheck: ['/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', '127.0.0.1:19092'],
  dataPath: '/var/lib/kafka/data',
  dataSubPath: 'kafka',
  uid: 1000,
  writableRoot: true,
  connectionEnv: 'KAFKA_URL',
  url: 'kafka://kafka:9092',
  databases: false,
});

describe('kafka: KRaft settings', () => {
  const graph = kindGraph('kafka', (g) => (g.dependencies![0] = { name: 'events', type: 'kafka' }));
  graph.edges = [{ from: 'catalog', to: 'events' }];
  const { compose, k8s } = both(graph);
  const env = compose.services.events.environment;

  it('advertises the broker under the dependency name, and the health listener on loopback only', () => {
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://events:9092,LOCAL://127.0.0.1:19092');
    expect(env.KAFKA_LISTENERS).toBe('PLAINTEXT://:9092,CONTROLLER://127.0.0.1:9093,LOCAL://127.0.0.1:19092');
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data');
    expect(kubernetesValue(k8s, 'catalog', 'KAFKA_URL')).toBe('kafka://events:9092');
  });

  it('has a fixed cluster id per name, in the form kafka-storage prints (22 base64url characters)', () => {
    expect(env.CLUSTER_ID).toBe(kafkaClusterId('events'));
    expect(kafkaClusterId('events')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(kafkaClusterId('events')).not.toBe(kafkaClusterId('kafka'));
    expect(k8s.get('ConfigMap', 'events-config').data!.CLUSTER_ID).toBe(kafkaClusterId('events'));
  });
});
