/**
 * The health probes of node and bun, as `-e` source: nothing but the runtime itself (slim images
 * have no curl, no grpc_health_probe). Every value reaches the source as a JavaScript string
 * literal (`jsString`) or a number, so it is data, never code; no source holds whitespace (podman's
 * compose API splits `healthcheck.test` on it, see src/render/probe.ts).
 *
 * - http: `fetch` with a timeout, exit 0 below 400;
 * - tcp: `net.connect` to the port, exit 0 once connected;
 * - grpc: one unary call of grpc.health.v1.Health/Check over the built-in `http2` client (h2c):
 *   the request is the gRPC frame (a 0 "compressed" byte, the 4-byte big-endian length, then the
 *   protobuf `HealthCheckRequest`, whose one field `service = 1` is left out when empty), written
 *   here as hex; exit 0 only for `grpc-status: 0` and a `HealthCheckResponse` of status SERVING
 *   (field 1 = 1, the bytes 08 01). Anything else, an error or the timeout: exit 1.
 */
import { jsString } from '../../../escape';
import type { HealthProbeCheck } from '../runtime';

/** `fetch` with a timeout, exit 0 below 400. */
export function fetchProbeSource(url: string, timeoutSeconds: number): string {
  return `fetch(${jsString(url)},{signal:AbortSignal.timeout(${timeoutSeconds * 1000})}).then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`;
}

/** A TCP connection to 127.0.0.1:`port` within the timeout. */
export function tcpProbeSource(port: number, timeoutSeconds: number): string {
  return (
    `((s)=>{s.setTimeout(${timeoutSeconds * 1000},()=>process.exit(1));` +
    `s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1))})` +
    `(require('net').connect(${port},${jsString('127.0.0.1')}))`
  );
}

/** The gRPC request frame of `HealthCheckRequest { service }`, as hex. */
export function grpcHealthRequestHex(service: string): string {
  const name = Buffer.from(service, 'utf8');
  const field = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(field.length, 1);
  return Buffer.concat([prefix, field]).toString('hex');
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

/** grpc.health.v1.Health/Check of `service` on 127.0.0.1:`port` over h2c; SERVING within the timeout passes. */
export function grpcProbeSource(port: number, service: string, timeoutSeconds: number): string {
  const headers = `{':method':'POST',':path':${jsString('/grpc.health.v1.Health/Check')},'content-type':'application/grpc','te':'trailers'}`;
  return (
    `((c,r,b,g)=>{setTimeout(()=>process.exit(1),${timeoutSeconds * 1000});c.on('error',()=>process.exit(1));` +
    `r=c.request(${headers});b=[];r.on('error',()=>process.exit(1));` +
    `r.on('response',(x)=>{g=x['grpc-status']});r.on('trailers',(x)=>{g=x['grpc-status']});r.on('data',(x)=>b.push(x));` +
    `r.on('close',()=>{b=Buffer.concat(b);process.exit(g==='0'&&b.length===7&&b[0]===0&&b.readUInt32BE(1)===2&&b[5]===8&&b[6]===1?0:1)});` +
    `r.end(Buffer.from(${jsString(grpcHealthRequestHex(service))},'hex'))})` +
    `(require('http2').connect(${jsString(`http://127.0.0.1:${port}`)}))`
  );
}

/** The probe source for `check`, by its kind. */
export function jsProbeSource(check: HealthProbeCheck): string {
  switch (check.kind) {
    case 'tcp':
      return tcpProbeSource(check.port, check.timeoutSeconds);
    case 'grpc':
      return grpcProbeSource(check.port, check.service, check.timeoutSeconds);
    default:
      return fetchProbeSource(check.url, check.timeoutSeconds);
  }
}
