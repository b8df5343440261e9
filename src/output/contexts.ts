/**
 * Build contexts must lie inside the topology's base directory (the graph file's directory), after
 * symbolic links: topograph writes a `.dockerignore` into each, and a graph is untrusted input.
 * The person running topograph may allow others explicitly (`--allow-outside-context`,
 * `allowOutsideContext`). docs/security.md ("The output directory").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../graph/problems';
import { displayPath } from '../paths';
import { contains, realPathOf } from './safe-fs';

/** One service's build context: POSIX path relative to the base directory. */
export interface ContextRef {
  readonly service: string;
  readonly context: string;
}

/** A problem for each build context that resolves outside `baseDir` (none when `allow`). */
export function outsideContextProblems(baseDir: string, contexts: readonly ContextRef[], allow: boolean): Problem[] {
  if (allow || contexts.length === 0) return [];
  const cwd = process.cwd();
  let realBase: string;
  try {
    realBase = fs.realpathSync(baseDir);
  } catch {
    realBase = path.resolve(baseDir);
  }
  const shownBase = displayPath(cwd, baseDir);
  const problems: Problem[] = [];
  const seen = new Map<string, string | undefined>();
  for (const { service, context } of contexts) {
    const absolute = path.resolve(baseDir, context);
    let real: string | undefined;
    if (seen.has(absolute)) real = seen.get(absolute);
    else {
      try {
        real = realPathOf(absolute);
      } catch {
        real = undefined;
      }
      seen.set(absolute, real);
    }
    if (real !== undefined && contains(realBase, real)) continue;
    problems.push({
      message: `Build context of ${service} is outside ${shownBase === '.' ? 'the directory of the graph' : shownBase}${real === undefined ? ' (a symbolic link to nothing)' : ''}`,
      value: `${JSON.stringify(context)}${real !== undefined && real !== absolute ? ` → ${real}` : real === undefined ? '' : ` → ${absolute}`}`,
      expected: `a directory inside ${shownBase === '.' ? 'the graph file\'s directory' : shownBase} (symbolic links resolved): topograph writes a .dockerignore there`,
      action: `Move the sources under ${shownBase} and point services[${service}].build.context at them; or, if you trust this graph, allow it: topograph synth --allow-outside-context, or allowOutsideContext: true (TopographApp, Topology.fromGraph, Topology props)`,
      path: `services[${service}].build.context`,
    });
  }
  return problems;
}

/**
 * The top-level files of a build context whose names match `pattern`, sorted: what a runtime pack
 * reads to choose its build (`RuntimePack.detectFiles`: java's pom.xml or build.gradle, dotnet's
 * project file). None when the context does not exist (yet): the pack's defaults apply.
 */
export function detectedContextFiles(baseDir: string, context: string, pattern: RegExp): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.resolve(baseDir, context), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
  return names.filter((name) => pattern.test(name)).sort();
}
