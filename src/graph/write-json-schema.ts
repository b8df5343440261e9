/** Writes schemas/topology-graph.schema.json from the zod schema (`npm run schema`). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { topologyGraphJsonSchema } from './schema';

export const JSON_SCHEMA_PATH = path.join(__dirname, '..', '..', '..', 'schemas', 'topology-graph.schema.json');

export function renderJsonSchema(): string {
  return `${JSON.stringify(topologyGraphJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(JSON_SCHEMA_PATH, renderJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), JSON_SCHEMA_PATH)}`);
}
