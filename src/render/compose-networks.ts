/**
 * Compose networks (issue 17, items 6 and 8): without segments, one network for everyone, as
 * always (`<topology>-net`); with segments, one network per segment (`<topology>-<segment>`), each
 * member on its segments' networks. A member's aliases are network aliases on every network it
 * joins, so callers reach it under them wherever they are.
 */
import type { DependencyModel, ServiceModel, TopologyModel } from '../model';

/** The networks of the compose file, in order: the single default one, or one per declared segment. */
export function composeNetworkNames(topology: TopologyModel, defaultNetwork: string): string[] {
  return topology.segments.length ? topology.segments.map((s) => segmentNetworkName(topology, s)) : [defaultNetwork];
}

/** The compose network of a segment. */
export function segmentNetworkName(topology: TopologyModel, segment: string): string {
  return `${topology.name}-${segment}`;
}

/** A member's `networks:` value: a list of names, or a map with its aliases on each network when it has any. */
export function memberNetworks(member: ServiceModel | DependencyModel, topology: TopologyModel, defaultNetwork: string): string[] | Record<string, unknown> {
  const names = member.segments.length ? member.segments.map((s) => segmentNetworkName(topology, s)) : [defaultNetwork];
  if (member.aliases.length === 0) return names;
  const out: Record<string, unknown> = Object.create(null);
  for (const name of names) out[name] = { aliases: [...member.aliases] };
  return out;
}
