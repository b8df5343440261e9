/**
 * OpenTelemetry `OTEL_RESOURCE_ATTRIBUTES` (the SDK environment-variable specification): a list of
 * `key=value` pairs joined by `,`, whose values are percent-encoded as W3C Baggage values are.
 * Every character but the unreserved ones (`A-Z a-z 0-9 - . _ ~`) is encoded from its UTF-8 bytes,
 * so `,`, `=`, `%`, spaces, quotes and non-ASCII text round-trip through any SDK's decoder.
 */
import { assertPrintable } from './text';

const UNRESERVED = /^[A-Za-z0-9._~-]$/;

/** `a=b, c` → `a%3Db%2C%20c`. Throws on a character no generated file may hold (a control character). */
export function otelAttributeValue(value: string): string {
  assertPrintable(value, 'an OpenTelemetry resource attribute');
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The value of `OTEL_RESOURCE_ATTRIBUTES` for these pairs, in the order given (keys follow the attribute-key grammar, so need no encoding). */
export function otelResourceAttributes(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([key, value]) => `${key}=${otelAttributeValue(value)}`).join(',');
}
