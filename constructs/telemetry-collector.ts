import type { Construct } from 'constructs';
import { OTEL_COLLECTOR } from '../src/graph/kinds/dependencies/otel-collector';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT, type OtlpProtocol } from '../src/graph/telemetry';
import { Dependency, type DependencyInit } from './dependency';

/** Props of the collector `telemetry.collector` adds. */
export interface TelemetryCollectorProps {
  /** The OTLP transport services use: decides the port services connect to (4317 gRPC, 4318 HTTP). @default "grpc" */
  readonly protocol?: OtlpProtocol;
}

/**
 * The OpenTelemetry Collector a topology with `telemetry: { collector: true }` runs, named
 * `otel-collector`: the `otel-collector` kind's pack (src/graph/kinds/dependencies/otel-collector.ts),
 * listening on the port of the services' protocol (its configuration receives both).
 */
export class TelemetryCollector extends Dependency {
  public constructor(scope: Construct, id: string, props: TelemetryCollectorProps = {}) {
    const pack = OTEL_COLLECTOR;
    super(scope, id, {
      type: pack.name,
      image: pack.image(pack.defaultVersion),
      port: (props.protocol ?? 'grpc') === 'grpc' ? OTLP_GRPC_PORT : OTLP_HTTP_PORT,
      healthCheck: { ...pack.healthCheck, command: [...pack.healthCheck.command], ...(pack.healthCheck.http ? { http: { ...pack.healthCheck.http } } : {}) },
      uid: pack.uid,
      connection: { ...pack.connection },
      // The limits the hardening rules ask for: ample for local development's debug exporter.
      resources: { limits: { cpu: 0.5, memory: '512Mi' } },
    });
  }

  /** Its configuration file, mounted where the image reads it. */
  protected initFiles(): DependencyInit | undefined {
    return OTEL_COLLECTOR.init!(this.name, []);
  }
}
