/**
 * The `specs/assertions.json` format, defined once: what a project claims about itself and how each
 * claim was verified. `topograph deploy` reads it to decide the archetype, the checklist, the
 * health checks, the database and the verification labels of the image. The committed JSON Schema
 * (`schemas/assertions.schema.json`) is generated from it.
 */
import { z } from 'zod';
import { CRON, ENV_NAME, freeText, HTTP_PATH, URI_REFERENCE } from '../graph/grammar';
import { CRON_RULE, ENV_NAME_RULE, HTTP_PATH_RULE } from '../graph/schema';

/** Archetypes a single project can be deployed as. */
export const PROJECT_ARCHETYPES = ['web-service', 'cli-tool', 'data-pipeline', 'library'] as const;
/** An assertion's verification status. */
export const ASSERTION_STATUSES = ['confirmed', 'pending', 'failed'] as const;
/** What an assertion can be about. */
export const ASSERTION_CATEGORIES = ['http', 'persistence', 'database', 'external-api', 'queue', 'cli', 'pipeline', 'library', 'security', 'other'] as const;
/** Well-known verification methods; any other lower-case word is accepted too. */
export const VERIFICATION_METHODS = ['tests', 'dafny', 'tlc', 'manual', 'property-tests'] as const;

/** Archetype a single project can be deployed as. */
export type ProjectArchetype = (typeof PROJECT_ARCHETYPES)[number];
/** confirmed: verified and holding; pending: not verified yet; failed: verification found a violation. */
export type AssertionStatus = (typeof ASSERTION_STATUSES)[number];
/** What an assertion is about; decides the database and health checks a deployment gets. */
export type AssertionCategory = (typeof ASSERTION_CATEGORIES)[number];

const TIMESTAMP = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const timestamp = z.string().regex(TIMESTAMP).describe('ISO 8601 date and time with a zone, e.g. "2024-01-15T10:30:00Z".');
const envName = z.string().regex(ENV_NAME).describe(`Environment variable name, e.g. PAYMENTS_API_URL. ${ENV_NAME_RULE}`);

/** A project name as package.json or the assertions file spell it. */
const PROJECT_NAME = /^(?:@[A-Za-z0-9._~-]{1,100}\/)?[A-Za-z0-9][A-Za-z0-9 ._~-]{0,213}$/;

/** Zod schema of one assertion in `specs/assertions.json`. */
export const assertionSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)
      .describe('Stable identifier, unique in the file: letters, digits, ".", "_", "-", at most 128 characters.'),
    description: freeText('What the project guarantees, one sentence.').min(1),
    status: z.enum(ASSERTION_STATUSES).describe('confirmed: verified and holding; pending: not verified yet; failed: verification found a violation.'),
    category: z
      .enum(ASSERTION_CATEGORIES)
      .describe(
        'What the assertion is about. persistence/database add a postgres database; database, external-api and queue add a check to the generated health endpoint.',
      ),
    verifiedBy: z
      .array(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/))
      .max(32)
      .optional()
      .describe('How it was verified: "tests", "dafny", "tlc", "manual", … (lower-case words of letters, digits and "-"). Default: none.'),
    verifiedAt: timestamp.optional().describe('When it was last verified (ISO 8601 with zone). Default: unknown.'),
    env: envName
      .optional()
      .describe(
        'database, external-api and queue: the variable holding the connection URL the health check uses. Default: DATABASE_URL, EXTERNAL_API_URL, QUEUE_URL.',
      ),
  })
  .strict()
  .describe('One claim about the project and its verification.');

/** Zod schema of `specs/assertions.json`, from which its JSON Schema is generated. */
export const assertionsFileSchema = z
  .object({
    $schema: z
      .string()
      .regex(URI_REFERENCE)
      .optional()
      .describe('Path or URL of this JSON Schema, for editors: the characters a URI may hold (RFC 3986), at most 2048.'),
    project: z
      .string()
      .regex(PROJECT_NAME)
      .optional()
      .describe(
        'Project name; the image name is derived from it (lower-cased, other characters as "-"). Letters, digits, ".", "_", "~", "-" and spaces, optionally with an npm scope ("@acme/"), at most 214 characters. Default: the package.json name.',
      ),
    description: freeText('One line for the image description label. Default: the package.json description.').min(1).optional(),
    archetype: z
      .enum(PROJECT_ARCHETYPES)
      .optional()
      .describe('How the project is deployed. Default: detected from package.json (bin → cli-tool, HTTP server → web-service, exports → library).'),
    verifiedAt: timestamp.optional().describe('When the whole file was last verified. Default: the latest verifiedAt of its assertions.'),
    port: z.number().int().min(1).max(65535).optional().describe('web-service: the port the server listens on. Default 3000.'),
    healthPath: z
      .string()
      .regex(HTTP_PATH)
      .optional()
      .describe(`web-service: the path answering 2xx when healthy. Default "/health". ${HTTP_PATH_RULE}`),
    schedule: z
      .string()
      .regex(CRON)
      .optional()
      .describe(`data-pipeline: cron schedule, carried to the image label and to a Kubernetes CronJob. ${CRON_RULE} Default: runs once.`),
    readOnlyRootFilesystem: z
      .boolean()
      .optional()
      .describe('Whether the container may run with a read-only root filesystem (a writable /tmp is always mounted). Default true.'),
    secrets: z
      .array(envName)
      .max(1000)
      .optional()
      .describe('Names of secret variables the program needs at run time; compose requires them from .env, never with values. Default: none.'),
    assertions: z.array(assertionSchema).max(10000).describe('The claims (at most 10000); deployment needs every one confirmed.'),
  })
  .strict()
  .describe('specs/assertions.json: what a project asserts about itself and how each assertion was verified.');

/** One claim about the project and its verification. */
export type Assertion = z.infer<typeof assertionSchema>;
/** The contents of `specs/assertions.json`. */
export type AssertionsFile = z.infer<typeof assertionsFileSchema>;

/** The JSON Schema published for editors, generated from the zod schema. */
export function assertionsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(assertionsFileSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return { $schema: schema.$schema, title: 'topograph specs/assertions.json', ...schema };
}
