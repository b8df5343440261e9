/**
 * `.env.example`: every variable docker-compose.yml interpolates, each with what it is for.
 * Values are left empty: secrets never appear in generated files.
 */
import { assertPrintable, shellName } from '../escape';
import type { TopologyModel } from '../model';
import { GENERATED_MARKER } from './marker';

/** How `.env.example` is rendered. */
export interface EnvExampleOptions {
  /** What creates `.env`, or what happens without it, in parentheses after "Copy to .env and set each one". @default "./start.sh creates .env with random values on first run" */
  readonly creation?: string;
}

/** The `.env.example` of a topology: every variable its compose file needs, values left empty. */
export function renderEnvExample(topology: TopologyModel, options: EnvExampleOptions = {}): string {
  const creation = options.creation ?? './start.sh creates .env with random values on first run';
  assertPrintable(creation, '.env.example', true);
  const lines = [
    `# ${GENERATED_MARKER} — do not edit`,
    `# Variables docker-compose.yml needs for topology '${shellName(topology.name)}'. Copy to .env and set each one`,
    `# (${creation}). Never commit .env.`,
    '# Use URL-safe values (letters and digits): passwords are placed inside connection URLs.',
  ];
  if (topology.secrets.length === 0) lines.push('', '# (none: this topology needs no secrets)');
  // A dotenv file: names are plain names (shellName), comments one line each.
  for (const secret of topology.secrets) {
    assertPrintable(secret.comment, '.env.example', true);
    lines.push('', `# ${shellName(secret.name)}: secret, ${secret.comment}`, `${shellName(secret.name)}=`);
  }
  return `${lines.join('\n')}\n`;
}
