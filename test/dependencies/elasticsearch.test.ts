/** The elasticsearch kind (src/graph/kinds/dependencies/elasticsearch.ts): security on over HTTP, the elastic password a secret. */
import { ELASTICSEARCH } from '../../src/graph/kinds/dependencies/elasticsearch';
import { both, describeKind, kindGraph } from './helpers';

describeKind({
  type: 'elasticsearch',
  image: 'docker.elastic.co/elasticsearch/elasticsearch:9.3.0',
  port: 9200,
  healthCheck: ELASTICSEARCH.healthCheck.command,
  dataPath: '/usr/share/elasticsearch/data',
  uid: 1000,
  writableRoot: true,
  secretEnv: { ELASTIC_PASSWORD: 'ELASTICSEARCH_PASSWORD' },
  connectionEnv: 'ELASTICSEARCH_URL',
  url: 'http://elastic:{ELASTICSEARCH_PASSWORD}@elasticsearch:9200',
  databases: false,
});

describe('elasticsearch: the health check', () => {
  it('authenticates with the password from the container environment, which compose leaves to the container ($$)', () => {
    const script = ELASTICSEARCH.healthCheck.command[2];
    expect(script).toContain('--user "elastic:${ELASTIC_PASSWORD}"');
    expect(script).toContain('http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow');
    const { compose, k8s } = both(kindGraph('elasticsearch'));
    expect(compose.services.elasticsearch.healthcheck.test[3]).toContain('--user "elastic:$${ELASTIC_PASSWORD}"');
    // Kubernetes expands only $(NAME) in exec commands: bash reads ${ELASTIC_PASSWORD} itself.
    expect(k8s.get('StatefulSet', 'elasticsearch').spec.template.spec.containers[0].readinessProbe.exec.command[2]).toBe(script);
  });

  it('keeps security on over plain HTTP, one node', () => {
    const env = both(kindGraph('elasticsearch')).compose.services.elasticsearch.environment;
    expect(env).toMatchObject({ ES_SETTING_DISCOVERY_TYPE: 'single-node', ES_SETTING_XPACK_SECURITY_ENABLED: 'true', ES_SETTING_XPACK_SECURITY_HTTP_SSL_ENABLED: 'false' });
  });
});
