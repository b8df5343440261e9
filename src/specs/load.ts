/** Reading `specs/assertions.json`: syntax errors with line and column, every schema problem at once. */
import * as path from 'node:path';
import type { Problem } from '../graph/problems';
import { hiddenValue, showValue } from '../graph/problems';
import { FREE_TEXT_EXPECTED, unsafeCharacter } from '../graph/grammar';
import { CRON_RULE, ENV_NAME_RULE, HTTP_PATH_RULE } from '../graph/schema';
import { structureProblems } from '../graph/structure';
import { readRegularFile } from '../read';
import { parseJson } from '../graph/validate';
import { type Assertion, type AssertionsFile, assertionsFileSchema } from './schema';
import { compareStrings } from '../sort';

/** Where a project's assertions file is, relative to the project directory. */
export const ASSERTIONS_FILE = 'specs/assertions.json';
/** Largest assertions file read. */
export const MAX_ASSERTIONS_BYTES = 4 * 1024 * 1024;

/** The result of loading an assertions file: missing, invalid (with every problem) or the validated specs. */
export type AssertionsLoad =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly problems: readonly Problem[] }
  | { readonly kind: 'ok'; readonly specs: AssertionsFile };

/** Loads the assertions of the project in `dir`. */
export function loadAssertions(dir: string): AssertionsLoad {
  const file = path.join(dir, ASSERTIONS_FILE);
  // Only a regular file, and never more than the cap (see src/read.ts).
  const read = readRegularFile(file, MAX_ASSERTIONS_BYTES);
  if (read.kind === 'missing') return { kind: 'missing' };
  if (read.kind !== 'ok') {
    return {
      kind: 'invalid',
      problems: [
        {
          message: `Cannot read ${ASSERTIONS_FILE}`,
          value: read.kind === 'not-a-file' ? read.what : read.kind === 'too-large' ? `${read.bytes} bytes` : read.code,
          expected: `a regular file of at most ${MAX_ASSERTIONS_BYTES / 1024 / 1024} MiB`,
          action: `Check ${ASSERTIONS_FILE} (its format is in docs/specs.md)`,
        },
      ],
    };
  }
  const parsed = parseJson(read.text.replace(/^\uFEFF/, ''), ASSERTIONS_FILE);
  if (parsed.problems.length > 0) return { kind: 'invalid', problems: parsed.problems };
  return validateAssertions(parsed.value);
}

/** Validates a parsed value as an assertions file. */
export function validateAssertions(value: unknown): AssertionsLoad {
  const malformed = structureProblems(value, ASSERTIONS_FILE);
  if (malformed.length > 0) return { kind: 'invalid', problems: malformed };
  const result = assertionsFileSchema.safeParse(value);
  if (!result.success) {
    const problems: Problem[] = result.error.issues.slice(0, 20).map((issue) => {
      const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';
      const at = valueAt(value, issue.path);
      const bad = typeof at === 'string' ? unsafeCharacter(at) : undefined;
      // A pattern is the grammar of the field (see expectedFor), not something to print.
      const why = bad ? `it holds ${bad}` : issue.code === 'invalid_format' ? 'not in the expected format' : issue.message;
      return {
        message: `Invalid ${ASSERTIONS_FILE}: ${where}: ${why}`,
        // The names in "secrets" are not secret, but a value given there by mistake may be.
        value: issue.path.includes('secrets') ? hiddenValue(valueAt(value, issue.path)) : showValue(valueAt(value, issue.path)),
        expected: expectedFor(issue.path),
        action: `Fix ${where} in ${ASSERTIONS_FILE} (its JSON Schema is schemas/assertions.schema.json; format in docs/specs.md)`,
      };
    });
    return { kind: 'invalid', problems };
  }
  const seen = new Set<string>();
  const problems: Problem[] = [];
  result.data.assertions.forEach((a, i) => {
    if (seen.has(a.id)) {
      problems.push({
        message: `Duplicate assertion id '${a.id}' in ${ASSERTIONS_FILE}`,
        value: `assertions[${i}].id`,
        expected: 'each id once',
        action: 'Rename one of them',
      });
    }
    seen.add(a.id);
  });
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'ok', specs: result.data };
}

function valueAt(value: unknown, at: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of at) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function expectedFor(at: readonly PropertyKey[]): string {
  const last = String(at[at.length - 1] ?? '');
  switch (last) {
    case 'status':
      return 'one of "confirmed", "pending", "failed"';
    case 'category':
      return 'one of http, persistence, database, external-api, queue, cli, pipeline, library, security, other';
    case 'archetype':
      return 'one of "web-service", "cli-tool", "data-pipeline", "library"';
    case 'verifiedAt':
      return 'an ISO 8601 time with a zone, e.g. "2024-01-15T10:30:00Z"';
    case 'assertions':
      return 'an array of {id, description, status, category, verifiedBy?, verifiedAt?}';
    case 'description':
      return `${FREE_TEXT_EXPECTED}, at most 1000 characters`;
    case 'healthPath':
      return `an HTTP path such as "/health". ${HTTP_PATH_RULE}`;
    case 'schedule':
      return `a five-field cron expression, e.g. "0 3 * * *". ${CRON_RULE}`;
    case 'project':
      return 'a project name such as "shop-api" or "@acme/shop-api" (letters, digits, ".", "_", "~", "-", spaces)';
    case 'id':
      return 'an identifier of letters, digits, ".", "_", "-", at most 128 characters';
    case 'env':
      return `a variable name. ${ENV_NAME_RULE}`;
    default:
      return at.includes('secrets') ? `an array of variable names, e.g. ["JWT_SECRET"]. ${ENV_NAME_RULE}` : 'a value matching schemas/assertions.schema.json';
  }
}

/** Assertions that make the project persist data in a database. */
export function persistenceAssertions(specs: AssertionsFile): Assertion[] {
  return specs.assertions.filter((a) => a.category === 'persistence' || a.category === 'database');
}

/** What the verification labels say, taken from the file only. */
export interface VerificationSummary {
  /** Number of assertions. */
  readonly total: number;
  /** Number of confirmed assertions. */
  readonly confirmed: number;
  /** Whether there is at least one assertion and every one is confirmed. */
  readonly allConfirmed: boolean;
  /** The file's verifiedAt, else the latest of its assertions', else undefined. */
  readonly verifiedAt?: string;
  /** Some assertion is verified by dafny and every such assertion is confirmed. */
  readonly dafny: boolean;
  /** Some assertion is verified by tlc and every such assertion is confirmed. */
  readonly tlc: boolean;
}

/** The verification summary of an assertions file, from the file only. */
export function verificationOf(specs: AssertionsFile): VerificationSummary {
  const total = specs.assertions.length;
  const confirmed = specs.assertions.filter((a) => a.status === 'confirmed').length;
  const times = specs.assertions.map((a) => a.verifiedAt).filter((t): t is string => Boolean(t));
  const latest = times.sort((a, b) => Date.parse(a) - Date.parse(b) || compareStrings(a, b)).pop();
  const by = (method: string) => {
    const using = specs.assertions.filter((a) => a.verifiedBy?.includes(method));
    return using.length > 0 && using.every((a) => a.status === 'confirmed');
  };
  return { total, confirmed, allConfirmed: total > 0 && confirmed === total, verifiedAt: specs.verifiedAt ?? latest, dafny: by('dafny'), tlc: by('tlc') };
}
