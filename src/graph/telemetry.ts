/**
 * The graph's `telemetry` section (docs/telemetry.md): OpenTelemetry settings every containerized
 * service receives as the SDK's standard variables (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_PROTOCOL`), set in the model so compose and
 * Kubernetes agree. `collector: true` adds an `otel-collector` dependency that every service sends
 * to (src/graph/kinds/dependencies/otel-collector.ts).
 */
import { z } from 'zod';
import { otelResourceAttributes } from '../escape/otel';
import { compareStrings } from '../sort';
import { FREE_TEXT } from './grammar';

/** OTLP transports an SDK can export with (`OTEL_EXPORTER_OTLP_PROTOCOL`). */
export const OTLP_PROTOCOLS = ['grpc', 'http/protobuf'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Name of the dependency `collector: true` adds. */
export const COLLECTOR_NAME = 'otel-collector';
/** OTLP ports of the collector: gRPC and HTTP. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

/** The variables telemetry sets on every containerized service, sorted. */
export const OTEL_VARIABLES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_SERVICE_NAME'] as const;

/** Resource attributes topograph sets itself (from the topology's name, version and environment, and the service's name). */
export const RESERVED_ATTRIBUTES = ['service.name', 'service.namespace', 'service.version', 'deployment.environment', 'deployment.environment.name'] as const;

/**
 * An OTLP endpoint: `http://` or `https://`, a host (a lower-case DNS name, an IPv4 address or a
 * bracketed IPv6 address), an optional `:port` and an optional path of unreserved characters. No
 * user or password (credentials are secrets: OTEL_EXPORTER_OTLP_HEADERS as a secret), no query.
 */
export const OTLP_ENDPOINT =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?(?:\/[A-Za-z0-9._~%/-]{0,1000})?$/;
export const OTLP_ENDPOINT_RULE =
  'An absolute "http://" or "https://" URL: a lower-case DNS name, IPv4 or [IPv6] host, an optional ":port" (1 to 65535) and an optional path of letters, digits, "/", ".", "_", "~", "-" and "%"; no user, password or query (credentials are secrets: give OTEL_EXPORTER_OTLP_HEADERS in the service\'s "secrets").';

/** An attribute key: a letter, then letters, digits, ".", "_" and "-", at most 128 characters. */
export const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9._-]{0,127}$/;
export const ATTRIBUTE_KEY_RULE = 'A letter, then letters, digits, ".", "_" and "-", at most 128 characters, e.g. "team" or "cloud.region".';
/** Most attributes a topology may add. */
export const MAX_ATTRIBUTES = 32;
/** Longest attribute value (before percent-encoding). */
export const MAX_ATTRIBUTE_VALUE = 256;

const endpoint = z
  .string()
  .max(2000)
  .regex(OTLP_ENDPOINT)
  .refine((v) => portOfUrl(v) !== undefined, { error: 'a port from 1 to 65535' })
  .describe(`Where services send traces, metrics and logs (OTEL_EXPORTER_OTLP_ENDPOINT), e.g. "http://otel.observability:4317". ${OTLP_ENDPOINT_RULE} Default with "collector": the collector (http://otel-collector:4317, or :4318 for "http/protobuf"); required without it.`);

export const telemetrySchema = z
  .strictObject({
    otlp: z
      .strictObject({
        endpoint: endpoint.optional(),
        protocol: z
          .enum(OTLP_PROTOCOLS)
          .optional()
          .describe('OTLP transport (OTEL_EXPORTER_OTLP_PROTOCOL): "grpc" or "http/protobuf". Default "grpc".'),
      })
      .optional()
      .describe('The OTLP exporter every service is configured with.'),
    collector: z
      .boolean()
      .optional()
      .describe(`Run an OpenTelemetry Collector in the topology (a dependency named "${COLLECTOR_NAME}", OTLP gRPC ${OTLP_GRPC_PORT} and HTTP ${OTLP_HTTP_PORT}, a debug exporter) and send every service's telemetry to it. Default false. Exclusive with "otlp.endpoint".`),
    attributes: z
      .record(z.string().regex(ATTRIBUTE_KEY).describe(`Attribute key. ${ATTRIBUTE_KEY_RULE}`), z.string().max(MAX_ATTRIBUTE_VALUE).regex(FREE_TEXT))
      .optional()
      .describe(
        `Extra resource attributes of every service (OTEL_RESOURCE_ATTRIBUTES, values percent-encoded), at most ${MAX_ATTRIBUTES}: keys ${ATTRIBUTE_KEY_RULE} Values: one line of at most ${MAX_ATTRIBUTE_VALUE} characters, no control character. Not ${RESERVED_ATTRIBUTES.join(', ')}: topograph sets those from the service name, topology name, version and environment.`,
      ),
  })
  .superRefine((telemetry, ctx) => {
    const given = telemetry.otlp?.endpoint;
    if (telemetry.collector === true && given !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['otlp', 'endpoint'], message: `no "otlp.endpoint" with "collector": true (services send to the collector); drop one of them` });
    }
    if (telemetry.collector !== true && given === undefined) {
      ctx.addIssue({ code: 'custom', path: ['otlp'], message: 'an "otlp.endpoint" (where services send telemetry), or "collector": true to run a collector in the topology' });
    }
    const keys = Object.keys(telemetry.attributes ?? {});
    if (keys.length > MAX_ATTRIBUTES) ctx.addIssue({ code: 'custom', path: ['attributes'], message: `at most ${MAX_ATTRIBUTES} attributes (found ${keys.length})` });
    for (const key of keys) {
      if ((RESERVED_ATTRIBUTES as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: ['attributes', key], message: `an attribute other than ${RESERVED_ATTRIBUTES.join(', ')} (topograph sets "${key}" from the topology and its services)` });
      }
    }
  })
  .describe('OpenTelemetry: every containerized service gets OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL. Default: none of them.');

export type TelemetrySpec = z.infer<typeof telemetrySchema>;

/** The telemetry of a topology, resolved: what the model holds. */
export interface TelemetryModel {
  /** OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  /** OTEL_EXPORTER_OTLP_PROTOCOL. */
  readonly protocol: OtlpProtocol;
  /** Whether the endpoint is the topology's own collector. */
  readonly collector: boolean;
  /** Host and port of the endpoint, for the egress NetworkPolicy of an endpoint outside the topology. */
  readonly host: string;
  readonly port: number;
  /** Extra resource attributes, sorted by key. */
  readonly attributes: ReadonlyArray<readonly [string, string]>;
}

/** The port of an endpoint URL: its own, else 443 for https and 80 for http; undefined when out of range. */
export function portOfUrl(url: string): number | undefined {
  const match = /^(https?):\/\/(?:\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(url);
  if (!match) return undefined;
  const port = match[2] === undefined ? (match[1] === 'https' ? 443 : 80) : Number(match[2]);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** The host of an endpoint URL (brackets of an IPv6 address kept). */
export function hostOfUrl(url: string): string {
  return /^https?:\/\/(\[[^\]]*\]|[^:/]*)/.exec(url)?.[1] ?? '';
}

/** Resolves a valid `telemetry` section (defaults applied). */
export function resolveTelemetry(spec: TelemetrySpec): TelemetryModel {
  const protocol = spec.otlp?.protocol ?? 'grpc';
  const collector = spec.collector === true;
  const endpoint = collector ? `http://${COLLECTOR_NAME}:${protocol === 'grpc' ? OTLP_GRPC_PORT : OTLP_HTTP_PORT}` : spec.otlp!.endpoint!;
  const attributes = Object.entries(spec.attributes ?? {}).sort(([a], [b]) => compareStrings(a, b));
  return { endpoint, protocol, collector, host: hostOfUrl(endpoint), port: portOfUrl(endpoint)!, attributes };
}

/** What the OTEL_* variables of one service are made of. */
export interface TelemetryContext {
  /** Topology name: `service.namespace`. */
  readonly topology: string;
  /** Topology version: `service.version`. */
  readonly version: string;
  /** Environment name: `deployment.environment` ("default" for the base). */
  readonly environment: string;
  /** The service: OTEL_SERVICE_NAME. */
  readonly service: string;
}

/** The OTEL_* variables of one service, as plain values (sorted by name, as OTEL_VARIABLES). */
export function telemetryVariables(telemetry: TelemetryModel, ctx: TelemetryContext): Array<{ name: (typeof OTEL_VARIABLES)[number]; value: string }> {
  const attributes: Array<readonly [string, string]> = [
    ['service.namespace', ctx.topology],
    ['service.version', ctx.version],
    ['deployment.environment', ctx.environment],
    ...telemetry.attributes,
  ];
  return [
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: telemetry.endpoint },
    { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: telemetry.protocol },
    { name: 'OTEL_RESOURCE_ATTRIBUTES', value: otelResourceAttributes(attributes) },
    { name: 'OTEL_SERVICE_NAME', value: ctx.service },
  ];
}
