import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { renderJsonSchema } from '../src/graph/write-json-schema';
import { REPO, SHOP_GRAPH_FILE } from './helpers/shop';

const committed = path.join(REPO, 'schemas', 'topology-graph.schema.json');

describe('the JSON Schema for editors', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    expect(fs.readFileSync(committed, 'utf8')).toBe(renderJsonSchema());
  });

  it('accepts the shop example and rejects a broken graph', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(renderJsonSchema()));
    expect(validate(JSON.parse(fs.readFileSync(SHOP_GRAPH_FILE, 'utf8')))).toBe(true);
    expect(validate({ name: 'Shop', services: [{ name: 'a', archetype: 'webservice', runtime: 'go' }] })).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/name', '/services/0/archetype']));
  });

  it('documents every field', () => {
    const missing: string[] = [];
    const walk = (node: any, where: string) => {
      if (!node || typeof node !== 'object') return;
      if (node.properties) {
        for (const [key, value] of Object.entries<any>(node.properties)) {
          if (!value.description && !value.$ref) missing.push(`${where}.${key}`);
          walk(value, `${where}.${key}`);
        }
      }
      for (const key of ['items', 'additionalProperties']) walk(node[key], `${where}[]`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) (node[key] ?? []).forEach((n: any) => walk(n, where));
    };
    walk(JSON.parse(renderJsonSchema()), '');
    expect(missing).toEqual([]);
  });
});

describe('docs/topology-graph.md', () => {
  it('documents every field of the schema', () => {
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'topology-graph.md'), 'utf8');
    const names = new Set<string>();
    const walk = (node: any) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries<any>(node.properties ?? {})) {
        names.add(key);
        walk(value);
      }
      walk(node.items);
      for (const k of ['anyOf', 'oneOf']) (node[k] ?? []).forEach(walk);
    };
    walk(JSON.parse(renderJsonSchema()));
    const undocumented = [...names].filter((name) => !docs.includes(`\`${name}\``) && !docs.includes(`\`${name}.`) && !docs.includes(`.${name}\``));
    expect(undocumented).toEqual([]);
  });
});
