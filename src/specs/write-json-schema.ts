/** Writes schemas/assertions.schema.json from the zod schema (`npm run schema`). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertionsJsonSchema } from './schema';

export const ASSERTIONS_SCHEMA_PATH = path.join(__dirname, '..', '..', '..', 'schemas', 'assertions.schema.json');

export function renderAssertionsJsonSchema(): string {
  return `${JSON.stringify(assertionsJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(ASSERTIONS_SCHEMA_PATH, renderAssertionsJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), ASSERTIONS_SCHEMA_PATH)}`);
}
