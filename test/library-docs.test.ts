/** scripts/check-api-docs.js: the API reference build fails on an undocumented public symbol. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

jest.setTimeout(60_000); // each check builds a TypeScript program

const SCRIPT = path.join(__dirname, '..', 'scripts', 'check-api-docs.js');

function check(source: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-docs-'));
  const entry = path.join(dir, 'index.ts');
  fs.writeFileSync(entry, source);
  const r = spawnSync(process.execPath, [SCRIPT, entry], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('check-api-docs', () => {
  it('passes a fully documented module', () => {
    const r = check(`
/** A thing. */
export interface ThingProps {
  /** Its size. @default 1 */
  readonly size?: number;
  /** Its name. */
  readonly name: string;
}
/** Makes things. */
export class Thing {
  /** Creates one. */
  public static of(): Thing { return new Thing(); }
  /** The name. */
  public readonly name = 'x';
  private secret = 1;
  /** @internal */
  public _hidden = 2;
  /** Reads the secret. */
  protected read(): number { return this.secret + this._hidden; }
}
`);
    expect(r.out).toContain('is documented');
    expect(r.code).toBe(0);
  });

  it('fails naming each undocumented export, member, and props field without @default', () => {
    const r = check(`
export const LIMIT = 3;
/** Props. */
export interface ThingProps {
  /** Its size. */
  readonly size?: number;
  readonly name: string;
}
/** Makes things. */
export class Thing {
  public run(): void {}
  protected get value(): number { return 1; }
}
export function make(): Thing { return new Thing(); }
`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('6 public API doc comments are missing');
    expect(r.out).toMatch(/index\.ts:2 {2}LIMIT: no doc comment/);
    expect(r.out).toContain('ThingProps.size: optional field without @default');
    expect(r.out).toContain('ThingProps.name: no doc comment');
    expect(r.out).toContain('Thing.run: no doc comment');
    expect(r.out).toContain('Thing.value: no doc comment');
    expect(r.out).toContain('make: no doc comment');
    expect(r.out).toContain('Action: add a /** … */ comment');
  });
});
