/**
 * OpenSearch from the project's image (`opensearchproject/opensearch`, the 3 line), one node, for
 * development: the security plugin is off (plain HTTP, no user: the Kubernetes network policies
 * admit only its users); services get `OPENSEARCH_URL` (`http://<name>:9200`).
 *
 * Checked against opensearch.org/docs (install-and-configure/install-opensearch/docker): data in
 * /usr/share/opensearch/data; user opensearch is uid 1000; settings as variables with dots
 * (`discovery.type=single-node`); `DISABLE_SECURITY_PLUGIN` and `DISABLE_INSTALL_DEMO_CONFIG` turn
 * the security plugin and its demo certificates off (with it on, 2.12 and later also demand a
 * strong OPENSEARCH_INITIAL_ADMIN_PASSWORD); heap from OPENSEARCH_JAVA_OPTS; the entrypoint writes
 * under /usr/share/opensearch/config at start, so the root filesystem stays writable. The image
 * ships curl; the health check waits for a yellow (or green) cluster.
 */
import type { DependencyKindPack } from '../dependency';

/** OpenSearch. */
export const OPENSEARCH: DependencyKindPack = {
  name: 'opensearch',
  defaultVersion: '3',
  image: (version) => `opensearchproject/opensearch:${version}`,
  port: 9200,
  healthCheck: {
    command: ['curl', '--fail', '--silent', '--show-error', '--max-time', '8', 'http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=5s'],
    interval: '10s',
    timeout: '10s',
    retries: 12,
    startPeriod: '60s',
  },
  dataPath: '/usr/share/opensearch/data',
  writableRoot: true,
  env: {
    'discovery.type': 'single-node',
    DISABLE_SECURITY_PLUGIN: 'true',
    DISABLE_INSTALL_DEMO_CONFIG: 'true',
    OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m',
  },
  connection: { env: 'OPENSEARCH_URL', scheme: 'http' },
  uid: 1000,
};
