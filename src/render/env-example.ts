/**
 * `.env.example`: every variable docker-compose.yml interpolates, each with what it is for.
 * Values are left empty: secrets never appear in generated files.
 */
import { assertPrintable, shellName } from '../escape';
import type { TopologyModel } from '../model';
import { GENERATED_MARKER } from './marker';

export function renderEnvExample(topology: TopologyModel): string {
  const lines = [
    `# ${GENERATED_MARKER} — do not edit`,
    `# Variables docker-compose.yml needs for topology '${shellName(topology.name)}'. Copy to .env and set each one`,
    '# (./start.sh creates .env with random values on first run). Never commit .env.',
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
