/**
 * A starter `specs/assertions.json` for a project that has none, shaped by what topograph can tell
 * about the project (its archetype). Every assertion starts "pending": a claim is the project's to
 * verify and confirm, never topograph's (docs/specs.md).
 */
import type { AssertionsFile, ProjectArchetype } from './schema';

/** What the starter is derived from. */
export interface StarterInput {
  /** The package.json description, for the image description label. */
  readonly description?: string;
  /** The archetype topograph detected, when it could tell: decides the second assertion (it is not written: detection goes on working). */
  readonly archetype?: ProjectArchetype;
  /** The test command topograph runs (`npm test`, `bun test`). */
  readonly testCommand: string;
  /** `$schema` for editors, relative to specs/, when the schema is installed in the project. */
  readonly schema?: string;
}

const BY_ARCHETYPE: Record<ProjectArchetype, { id: string; description: string; category: 'http' | 'cli' | 'pipeline' | 'library' }> = {
  'web-service': { id: 'http-serves', description: 'The server answers HTTP requests on its port', category: 'http' },
  'cli-tool': { id: 'cli-runs', description: 'The command runs and prints its help with --help', category: 'cli' },
  'data-pipeline': { id: 'pipeline-idempotent', description: 'A run can be repeated without duplicating its output', category: 'pipeline' },
  library: { id: 'library-api', description: 'The public API behaves as documented', category: 'library' },
};

/** The starter file's text: pending assertions for the tests and the archetype. */
export function starterAssertions(input: StarterInput): string {
  const file: AssertionsFile = {
    ...(input.schema ? { $schema: input.schema } : {}),
    ...(input.description ? { description: input.description } : {}),
    assertions: [
      { id: 'tests-pass', description: `The test suite (${input.testCommand}) passes`, status: 'pending', category: 'other', verifiedBy: ['tests'] },
      ...(input.archetype
        ? [{ id: BY_ARCHETYPE[input.archetype].id, description: BY_ARCHETYPE[input.archetype].description, status: 'pending' as const, category: BY_ARCHETYPE[input.archetype].category, verifiedBy: ['tests'] }]
        : []),
    ],
  };
  // One line per field and per assertion, as docs/specs.md writes the file.
  const { assertions, ...top } = file;
  const lines = Object.entries(top).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const items = assertions.map((a, i) => `    ${JSON.stringify(a).replace(/,"/g, ', "').replace(/":/g, '": ')}${i < assertions.length - 1 ? ',' : ''}`);
  return ['{', ...lines, '  "assertions": [', ...items, '  ]', '}', ''].join('\n');
}
