/**
 * The OpenTelemetry Collector (contrib distribution, official image otel/opentelemetry-collector-contrib),
 * what `telemetry.collector: true` adds as the dependency `otel-collector`: an OTLP receiver on
 * gRPC 4317 and HTTP 4318, a batch processor, the debug exporter (telemetry shows in its log), and
 * the health_check extension on 13133 for probes from outside the container. Its configuration
 * is the file `config.yaml` in /etc/otelcol-contrib, where the image's default command reads it,
 * mounted like other kinds' init files (compose bind mount, Kubernetes ConfigMap). Services get
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (from telemetry, or from an edge of their own to it).
 *
 * The image is built FROM scratch: no shell, no curl or wget, nothing but the /otelcol-contrib
 * binary and CA certificates, running as user 10001. Kubernetes probes the health_check extension
 * over HTTP (`healthCheck.http`). Compose has no HTTP check, so its health check is the one program
 * the image has, `otelcol-contrib validate` of the mounted configuration: it proves the
 * configuration the collector runs is valid, not that the process answers. Services never wait
 * for it (their edges to it wait "none"), so neither check holds up a start.
 */
import type { DependencyKindPack } from '../dependency';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../../telemetry';

/** Where the image reads its configuration. */
export const COLLECTOR_CONFIG_DIR = '/etc/otelcol-contrib';
export const COLLECTOR_CONFIG_FILE = 'config.yaml';
/** Port of the health_check extension. */
export const COLLECTOR_HEALTH_PORT = 13133;

/** The collector's configuration: no value of the graph is in it. */
export const COLLECTOR_CONFIG = `# OpenTelemetry Collector configuration written by topograph (telemetry.collector).
# Receives OTLP from every service and prints it (the debug exporter): replace the exporter
# with your backend's, in a collector of your own, for anything but local development.
extensions:
  health_check:
    endpoint: 0.0.0.0:${COLLECTOR_HEALTH_PORT}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:${OTLP_GRPC_PORT}
      http:
        endpoint: 0.0.0.0:${OTLP_HTTP_PORT}
processors:
  batch: {}
exporters:
  debug:
    verbosity: basic
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
    metrics:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
`;

/** OpenTelemetry Collector (contrib). */
export const OTEL_COLLECTOR: DependencyKindPack = {
  name: 'otel-collector',
  defaultVersion: '0.139.0',
  image: (version) => `otel/opentelemetry-collector-contrib:${version}`,
  port: OTLP_GRPC_PORT,
  healthCheck: {
    command: ['/otelcol-contrib', 'validate', `--config=${COLLECTOR_CONFIG_DIR}/${COLLECTOR_CONFIG_FILE}`],
    interval: '10s',
    timeout: '5s',
    retries: 3,
    startPeriod: '5s',
    // Kubernetes asks the running collector (the health_check extension) instead.
    http: { port: COLLECTOR_HEALTH_PORT, path: '/' },
  },
  uid: 10001,
  connection: { env: 'OTEL_EXPORTER_OTLP_ENDPOINT', scheme: 'http' },
  init: () => ({ path: COLLECTOR_CONFIG_DIR, files: { [COLLECTOR_CONFIG_FILE]: COLLECTOR_CONFIG } }),
};
