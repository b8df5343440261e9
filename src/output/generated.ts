/**
 * The decision both writers of src/write.ts make for each generated path (`writeFiles` for an
 * output directory, `writeProjectFiles` for a project directory): what stands there, and whether writing over it
 * creates, updates, changes nothing, or would replace a file of the user's.
 */
import type * as fs from 'node:fs';
import type { Problem } from '../graph/problems';
import { isGenerated } from '../render/marker';
import { kindOf } from './safe-fs';

/** How much of a file is read to find the generated marker. */
export const HEAD_BYTES = 4096;

/** What writing a generated file over what stands at its path does. `theirs`: a file of the user's is there. */
export type Comparison = 'created' | 'unchanged' | 'updated' | 'theirs';

/**
 * Compares the generated `content` with the regular file at its path (`existing`, or undefined
 * for none): the same bytes are `unchanged` when the mode is right too, a file carrying the
 * generated marker is `updated`, any other file is the user's.
 */
export function compareWithGenerated(existing: Buffer | undefined, sameMode: boolean, content: string): Comparison {
  if (existing === undefined) return 'created';
  if (existing.equals(Buffer.from(content, 'utf8'))) return sameMode ? 'unchanged' : 'updated';
  return isGenerated(existing.subarray(0, HEAD_BYTES).toString('utf8')) ? 'updated' : 'theirs';
}

/** The problem of a generated path that holds something other than a regular file. `what` names the path, e.g. "Dockerfile, a path topograph writes,". */
export function notRegularProblem(what: string, shown: string, stat: fs.Stats, linkTarget?: string): Problem {
  return {
    message: `${what} is ${kindOf(stat)}`,
    value: linkTarget !== undefined ? `${shown} → ${linkTarget}` : shown,
    expected: 'a regular file, or nothing',
    action: `Move ${shown} away (topograph never writes through a symbolic link, into a directory, or to a pipe, socket or device)`,
  };
}
