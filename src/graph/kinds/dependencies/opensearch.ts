/**
 * OpenSearch from the project's image (`opensearchproject/opensearch`, the 3 line), one node, for
 * development: the security plugin is off (plain HTTP, no user: the Kubernetes network policies
 * admit only its users); services get `OPENSEARCH_URL` (`http://<name>:9200`).
 *
 * Checked against opensearch.org/docs (install-and-configure/install-opensearch/docker) and the
 * image's entrypoint (github.com/opensearch-project/opensearch-build,
 * docker/release/config/opensearch/opensearch-docker-entrypoint-default.x.sh): data in
 * /usr/share/opensearch/data; user opensearch is uid 1000 (the entrypoint refuses root); arguments
 * that start with "-" go to `opensearch`, so settings are `-Ename=value` (the image also reads
 * variables named like settings, but a variable name here has no dot); `DISABLE_SECURITY_PLUGIN`
 * and `DISABLE_INSTALL_DEMO_CONFIG` turn the security plugin and its demo certificates off (with it
 * on, 2.12 and later demand a strong OPENSEARCH_INITIAL_ADMIN_PASSWORD and serve HTTPS with demo
 * certificates), `DISABLE_PERFORMANCE_ANALYZER_AGENT_CLI` the side process that logs under
 * /usr/share/opensearch/logs; heap from OPENSEARCH_JAVA_OPTS. Its root filesystem stays writable:
 * the image writes under its install directory (logs, the security tools' configuration) and was
 * not verified to start read-only. The image ships curl; the health check waits for a yellow (or
 * green) cluster.
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
  // The entrypoint runs `opensearch` with these when the first argument is a flag.
  command: ['-Ediscovery.type=single-node'],
  dataPath: '/usr/share/opensearch/data',
  writableRoot: true,
  env: {
    DISABLE_SECURITY_PLUGIN: 'true',
    DISABLE_PERFORMANCE_ANALYZER_AGENT_CLI: 'true',
    DISABLE_INSTALL_DEMO_CONFIG: 'true',
    OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m',
  },
  connection: { env: 'OPENSEARCH_URL', scheme: 'http' },
  uid: 1000,
};
