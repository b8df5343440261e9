/**
 * The property generators (test/property/arbitraries.ts) produce the edge fields of issue 17, and
 * the graphs stay valid with them: otherwise the properties would not cover them.
 */
import * as fc from 'fast-check';
import { validateGraph } from '../../src/graph/validate';
import { SEED, validGraph } from '../property/arbitraries';

it('generates valid graphs with every edge field among them', () => {
  const graphs = fc.sample(validGraph, { seed: SEED, numRuns: 150 });
  const seen = new Set<string>();
  for (const graph of graphs) {
    expect(validateGraph(graph).problems).toEqual([]);
    if (graph.segments) seen.add('segments');
    for (const s of graph.services) {
      if (s.archetype === 'job') seen.add('job');
      if (s.profile !== undefined) seen.add('profile');
      if (s.aliases) seen.add('aliases');
      if (Object.values(s.env ?? {}).some((v) => typeof v === 'object')) seen.add('secret template');
    }
    for (const e of graph.edges ?? []) {
      for (const key of ['format', 'template', 'hostEnv', 'portEnv', 'userEnv', 'passwordEnv', 'wait'] as const) if (e[key] !== undefined) seen.add(key);
    }
  }
  expect([...seen].sort()).toEqual(['aliases', 'format', 'hostEnv', 'job', 'passwordEnv', 'portEnv', 'profile', 'secret template', 'segments', 'template', 'userEnv', 'wait']);
});
