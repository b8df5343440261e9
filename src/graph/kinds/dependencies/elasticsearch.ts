/**
 * Elasticsearch from Elastic's image (docker.elastic.co/elasticsearch/elasticsearch; its tags are
 * full versions), one node, for development: security on with the built-in `elastic` user, whose
 * password is the secret `<NAME>_PASSWORD`, over plain HTTP (TLS off: single-node discovery needs
 * no transport TLS); services get `ELASTICSEARCH_URL` (`http://elastic:<password>@<name>:9200`).
 *
 * Checked against elastic.co/docs (deploy-manage/deploy/self-managed/install-elasticsearch-docker-*):
 * data in /usr/share/elasticsearch/data; user elasticsearch is uid 1000 (group 0); settings as
 * `ES_SETTING_*` variables (`.` as `_`, `_` as `__`); ELASTIC_PASSWORD sets the `elastic` password (the entrypoint adds it to the
 * keystore under /usr/share/elasticsearch/config, so the root filesystem stays writable); heap from
 * ES_JAVA_OPTS; the image ships curl and bash. The health check reads the password from the
 * container's environment (compose writes the `$` as `$$`) and waits for a yellow cluster.
 */
import { superuserSecret } from '../../postgres-roles';
import type { DependencyKindPack } from '../dependency';

/** The built-in superuser services connect as. */
export const ELASTICSEARCH_USER = 'elastic';

/** Elasticsearch. */
export const ELASTICSEARCH: DependencyKindPack = {
  name: 'elasticsearch',
  defaultVersion: '9.3.0',
  image: (version) => `docker.elastic.co/elasticsearch/elasticsearch:${version}`,
  port: 9200,
  healthCheck: {
    command: [
      'bash',
      '-c',
      'curl --fail --silent --show-error --max-time 8 --user "elastic:${ELASTIC_PASSWORD}" "http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null',
    ],
    interval: '10s',
    timeout: '10s',
    retries: 12,
    startPeriod: '60s',
  },
  dataPath: '/usr/share/elasticsearch/data',
  writableRoot: true,
  env: {
    ES_SETTING_DISCOVERY_TYPE: 'single-node',
    ES_SETTING_XPACK_SECURITY_ENABLED: 'true',
    ES_SETTING_XPACK_SECURITY_HTTP_SSL_ENABLED: 'false',
    ES_SETTING_XPACK_SECURITY_TRANSPORT_SSL_ENABLED: 'false',
    ES_JAVA_OPTS: '-Xms512m -Xmx512m',
  },
  secretEnv: (name) => ({ ELASTIC_PASSWORD: superuserSecret(name) }),
  connection: { env: 'ELASTICSEARCH_URL', scheme: 'http', username: ELASTICSEARCH_USER },
  connectionFor: (dependency) => ({ passwordSecret: superuserSecret(dependency) }),
  uid: 1000,
};
