/**
 * Checks on the raw shape of a parsed file, before the schema looks at it: how deeply it nests
 * and whether any key is `__proto__`. Both are walked without recursion, so no input can exhaust
 * the stack (docs/security.md#what-topograph-refuses).
 */
import type { Problem } from './problems';

/** Deepest nesting read; a valid graph nests 6 levels, a valid assertions file 4. */
export const MAX_NESTING = 64;

interface Step {
  readonly value: unknown;
  readonly depth: number;
  readonly parent?: Step;
  readonly key?: string | number;
}

/** `services[0].env.X`, after `where` (a prefix such as `services[catalog]`). */
function pathOf(step: Step, where: string): string {
  const keys: Array<string | number> = [];
  for (let s: Step | undefined = step; s?.key !== undefined; s = s.parent) keys.push(s.key);
  let text = where;
  for (const k of keys.reverse()) {
    text += typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `${text ? '.' : ''}${k}` : `[${JSON.stringify(k)}]`;
  }
  if (text.length > 120) text = `${text.slice(0, 117)}...`;
  return text || 'the top level';
}

/**
 * Problems with the structure of `value`: nesting deeper than {@link MAX_NESTING} (one problem,
 * the first found) and every `__proto__` key, which JavaScript code (the schema checker among it)
 * drops silently, so the value would vanish without a word.
 */
export function structureProblems(value: unknown, file: string, where = ''): Problem[] {
  const problems: Problem[] = [];
  const stack: Step[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v !== 'object' || v === null) continue;
    if (step.depth >= MAX_NESTING) {
      problems.push({
        message: `${file} nests deeper than ${MAX_NESTING} levels`,
        value: `at ${pathOf(step, where)}`,
        expected: `at most ${MAX_NESTING} levels of objects and lists`,
        action: `Remove the nested value at ${pathOf(step, where)} in ${file}`,
      });
      return problems;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: step.depth + 1, parent: step, key: i });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (key === '__proto__') {
        const at = pathOf({ value: undefined, depth: 0, parent: step, key }, where);
        problems.push({
          message: `A key named "__proto__" in ${file}`,
          value: `at ${at}`,
          expected: 'no key named "__proto__": JavaScript tools drop it silently, so its value would vanish',
          action: `Rename or remove the key at ${at} in ${file}`,
        });
        continue;
      }
      stack.push({ value: (v as Record<string, unknown>)[key], depth: step.depth + 1, parent: step, key });
    }
  }
  return problems;
}

/**
 * Where JSON text nests deeper than {@link MAX_NESTING}, as an offset, or undefined. A linear
 * scan that skips strings and comments: run before a recursive parser sees the text.
 */
export function deepNestingOffset(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (ch === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (ch === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (++depth > MAX_NESTING) return i;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
    }
  }
  return undefined;
}
