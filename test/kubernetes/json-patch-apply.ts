/**
 * A small RFC 6902 applier (add, replace, remove) and a Kustomize emulation for the in-process
 * equivalence tests: written for the tests, independent of src/kubernetes/json-patch.ts, strict
 * where RFC 6902 is (a replaced or removed path must exist, an index must be in range).
 */
import { parseAllDocuments } from 'yaml';

type Json = unknown;

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map(unescapeToken);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function applyJsonPatch(document: Json, ops: ReadonlyArray<{ op: string; path: string; value?: Json }>): Json {
  let root = clone(document);
  for (const op of ops) {
    const path = tokens(op.path);
    if (path.length === 0) {
      if (op.op === 'remove') throw new Error('cannot remove the root');
      root = clone(op.value);
      continue;
    }
    let parent: any = root;
    for (const token of path.slice(0, -1)) {
      const next = Array.isArray(parent) ? parent[Number(token)] : Object.prototype.hasOwnProperty.call(parent, token) ? parent[token] : undefined;
      if (next === undefined || next === null || typeof next !== 'object') throw new Error(`${op.op} ${op.path}: ${token} does not exist`);
      parent = next;
    }
    const last = path[path.length - 1];
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!/^(?:0|[1-9][0-9]*|-)$/.test(last) || index > parent.length || (op.op !== 'add' && index >= parent.length)) throw new Error(`${op.op} ${op.path}: bad index`);
      if (op.op === 'add') parent.splice(index, 0, clone(op.value));
      else if (op.op === 'replace') parent[index] = clone(op.value);
      else if (op.op === 'remove') parent.splice(index, 1);
      else throw new Error(`unsupported op ${op.op}`);
    } else {
      const exists = Object.prototype.hasOwnProperty.call(parent, last);
      if (op.op !== 'add' && !exists) throw new Error(`${op.op} ${op.path}: does not exist`);
      if (op.op === 'add' || op.op === 'replace') Object.defineProperty(parent, last, { value: clone(op.value), enumerable: true, writable: true, configurable: true });
      else if (op.op === 'remove') delete parent[last];
      else throw new Error(`unsupported op ${op.op}`);
    }
  }
  return root;
}

export function parseObjects(text: string): any[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw d.errors[0];
      return d.toJS();
    })
    .filter((o) => o !== null && o !== undefined);
}

export function objectKey(o: any): string {
  return JSON.stringify([o.apiVersion, o.kind, o.metadata?.namespace ?? null, o.metadata?.name]);
}

/** Objects of every file not under tools/, by key. */
export function objectsOfFiles(files: Record<string, string>, filter: (file: string) => boolean = (f) => !f.startsWith('tools/')): Map<string, any> {
  const out = new Map<string, any>();
  for (const [file, text] of Object.entries(files)) if (filter(file)) for (const o of parseObjects(text)) out.set(objectKey(o), o);
  return out;
}

/**
 * What `kustomize build kubernetes-overlays/<env>` does with the layout, for the subset of Kustomize the
 * layout uses: resources (files and ../../kubernetes), patches with path (+ target for JSON patches, its
 * fields anchored regular expressions, a patch applied to every object they match;
 * self-identifying strategic-merge `$patch: delete` otherwise).
 */
export function emulateKustomize(layout: Record<string, string>, env: string): Map<string, any> {
  const build = (dir: string): Map<string, any> => {
    const kustomization = parseObjects(layout[`${dir}/${dir === 'kubernetes' ? 'Kustomization' : 'kustomization.yaml'}`])[0];
    const objects = new Map<string, any>();
    for (const resource of kustomization.resources as string[]) {
      if (resource === '../../kubernetes') for (const [k, o] of build('kubernetes')) objects.set(k, o);
      else for (const o of parseObjects(layout[`${dir}/${resource}`])) {
        if (objects.has(objectKey(o))) throw new Error(`duplicate ${objectKey(o)}`);
        objects.set(objectKey(o), o);
      }
    }
    for (const patch of (kustomization.patches ?? []) as Array<{ path: string; target?: any }>) {
      const text = layout[`${dir}/${patch.path}`];
      if (!text) throw new Error(`missing patch file ${patch.path}`);
      const parsed = parseObjects(text)[0];
      if (Array.isArray(parsed)) {
        const t = patch.target;
        const selected = [...objects.entries()].filter(([, o]) => {
          const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
          // Kustomize reads every field of a target as an anchored regular expression; an absent one matches anything.
          const matches = (pattern: string | undefined, value: string | undefined) => pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value ?? '');
          return matches(t.group, group) && matches(t.version, version) && matches(t.kind, o.kind) && matches(t.name, o.metadata.name) && matches(t.namespace, o.metadata.namespace);
        });
        if (selected.length === 0) throw new Error(`${patch.path}: target matches no object`);
        for (const [key, object] of selected) objects.set(key, applyJsonPatch(object, parsed));
      } else {
        if (parsed.$patch !== 'delete' || patch.target) throw new Error(`${patch.path}: only $patch: delete strategic merges without a target are expected`);
        const key = objectKey(parsed);
        if (!objects.delete(key)) throw new Error(`${patch.path}: deletes ${key}, which is not there`);
      }
    }
    return objects;
  };
  return build(`kubernetes-overlays/${env}`);
}
