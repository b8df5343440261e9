/**
 * Fields every member of the graph may carry about where it runs and how it is found
 * (issue 17, items 6, 7, 8): its compose `profile`, extra DNS names (`aliases`) and network
 * `segments`. Their meaning for each renderer is in docs/topology-graph.md.
 */
import { z } from 'zod';
import { DNS_LABEL } from './grammar';

const label = (what: string) =>
  z
    .string()
    .regex(DNS_LABEL)
    .describe(`${what} A lower-case DNS label: letters, digits and "-", starting with a letter and not ending with "-", at most 63 characters.`);

export const profileSchema = z
  .union([label('Compose profile name.'), z.literal(false)])
  .describe(
    'Compose profile the service is in: `docker compose up` does not start it (run it with --profile NAME or `docker compose run`); false for none. Default: "tools" for a cli-tool, "jobs" for a data-pipeline, none for the others.',
  );

export const aliasesSchema = z
  .array(label('Extra DNS name.'))
  .min(1)
  .max(32)
  .describe(
    'Extra DNS names the member answers to (e.g. "db" for an app that hard-codes it): compose network aliases, Kubernetes one extra Service each. Unique across every name and alias of the graph. Default: none.',
  );

export const segmentListSchema = z
  .array(label('Segment name.'))
  .min(1)
  .max(16)
  .describe('Network segments the member joins: names from the top-level "segments". Default: the first declared segment (or the single default network when none is declared).');

export const segmentsSchema = z
  .array(z.strictObject({ name: label('Segment name: the compose network is <topology>-<name>.') }).describe('One network segment.'))
  .min(1)
  .max(16)
  .describe(
    'Network segments (e.g. front and back tiers): one compose network each, a pod label each in Kubernetes; members list theirs in "segments", and every edge must join members that share one. Default: one network for everyone.',
  );
