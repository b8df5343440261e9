/**
 * The one place an edge's `port` is looked up on its target. Today a service has one port, so
 * the reference is its number or the primary port's default name (its protocol: "http", "grpc",
 * "tcp" or "udp"); with named ports this becomes a lookup by name among them.
 */
import { PRIMARY_PORT_NAMES } from './connection';

/** The container port `reference` names on a target whose (primary) port is `primary`; undefined when it names none. */
export function targetPort(primary: number | undefined, reference: string | number | undefined): number | undefined {
  if (primary === undefined) return undefined;
  if (reference === undefined) return primary;
  if (typeof reference === 'number') return reference === primary ? primary : undefined;
  return (PRIMARY_PORT_NAMES as readonly string[]).includes(reference) ? primary : undefined;
}

/** The names and numbers an edge may give as `port` on a target whose port is `primary`, for messages. */
export function portChoices(primary: number | undefined): string {
  return primary === undefined ? 'none: the target has no port' : `${primary} or its name (${PRIMARY_PORT_NAMES.join(', ')})`;
}
