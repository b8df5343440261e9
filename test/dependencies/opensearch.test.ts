/** The opensearch kind (src/graph/kinds/dependencies/opensearch.ts): one node, security plugin off, for development. */
import { both, describeKind, kindGraph } from './helpers';

describeKind({
  type: 'opensearch',
  image: 'opensearchproject/opensearch:3',
  port: 9200,
  healthCheck: ['curl', '--fail', '--silent', '--show-error', '--max-time', '8', 'http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=5s'],
  dataPath: '/usr/share/opensearch/data',
  uid: 1000,
  writableRoot: true,
  connectionEnv: 'OPENSEARCH_URL',
  url: 'http://opensearch:9200',
  databases: false,
});

describe('opensearch: settings', () => {
  it('runs one node with a fixed heap and without the security plugin or its demo certificates', () => {
    const { compose, k8s } = both(kindGraph('opensearch'));
    const entry = compose.services.opensearch;
    expect(entry.command).toEqual(['-Ediscovery.type=single-node']);
    expect(k8s.get('StatefulSet', 'opensearch').spec.template.spec.containers[0].args).toEqual(['-Ediscovery.type=single-node']);
    expect(entry.environment).toMatchObject({ DISABLE_SECURITY_PLUGIN: 'true', DISABLE_INSTALL_DEMO_CONFIG: 'true', DISABLE_PERFORMANCE_ANALYZER_AGENT_CLI: 'true', OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m' });
  });
});
