import { TopologyError } from 'topograph';
import { Testing } from 'topograph/testing';
import { RabbitMq } from '../src/rabbitmq';
import { shopTopology } from '../src/shop';

function synth() {
  const app = Testing.app();
  shopTopology(app);
  return Testing.synth(app);
}

describe('shop infrastructure', () => {
  const out = synth();

  it('matches the snapshot (every generated file)', () => {
    expect(out.files).toMatchSnapshot();
  });

  it('runs RabbitMQ with a health check, a volume and its password from .env', () => {
    const rabbitmq = out.composeService('rabbitmq');
    expect(rabbitmq.image).toBe('rabbitmq:3.13-alpine');
    expect(rabbitmq.healthcheck.test).toEqual(['CMD', 'rabbitmq-diagnostics', '-q', 'ping']);
    expect(rabbitmq.volumes).toEqual(['rabbitmq-data:/var/lib/rabbitmq']);
    expect(rabbitmq.environment?.RABBITMQ_DEFAULT_PASS).toMatch(/^\$\{RABBITMQ_PASSWORD:\?/);
    expect(out.envExampleVariables).toContain('RABBITMQ_PASSWORD');
  });

  it('gives AMQP_URL to the services that use RabbitMQ, and starts them after it', () => {
    expect(out.composeService('billing').environment?.AMQP_URL).toBe('amqp://shop:${RABBITMQ_PASSWORD:?RABBITMQ_PASSWORD is not set: run ./start.sh once or copy .env.example to .env}@rabbitmq:5672');
    expect(out.composeService('catalog').depends_on).toHaveProperty('rabbitmq', { condition: 'service_healthy' });
    expect(out.composeService('auth').environment).not.toHaveProperty('AMQP_URL');
  });

  it('runs RabbitMQ in Kubernetes as a StatefulSet with its own volume', () => {
    const sts = out.manifest('StatefulSet', 'rabbitmq');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
  });

  it('keeps the escape hatches it declares', () => {
    expect(out.composeService('catalog').logging.driver).toBe('json-file');
    expect(out.dockerfile('catalog')).toMatch(/libpq5[^\n]*\nUSER 10001:10001/);
    expect(out.manifest('Deployment', 'billing').spec.revisionHistoryLimit).toBe(3);
  });

  it('runs catalog with two replicas and never writes a secret value', () => {
    expect(out.manifest('Deployment', 'catalog').spec.replicas).toBe(2);
    expect(Object.values(out.files).join('\n')).not.toMatch(/RABBITMQ_PASSWORD=\S/);
  });

  it('refuses an invalid RabbitMQ at the line that creates it', () => {
    const app = Testing.app();
    const shop = shopTopology(app);
    expect(() => new RabbitMq(shop, 'Rabbit MQ')).toThrow(TopologyError);
  });
});
