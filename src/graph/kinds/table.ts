/**
 * A table of kinds (runtimes, dependency kinds) by name, in registration order: the one place the
 * schema, validation, edge variables, `Topology.fromGraph` and the renderers look a kind up
 * (docs/extending.md). Registration is process-wide and adds only: a name is registered once.
 */
import { KIND_NAME } from '../grammar';
import { type Problem, TopologyError } from '../problems';

/** What every pack has: the name the graph spells it by. */
export interface NamedPack {
  /** The name, as the graph writes it: a lower-case name of letters, digits and "-". */
  readonly name: string;
}

/** Kinds of one sort by name; listeners hear of each registration (the schema rebuilds its enums). */
export class KindTable<P extends NamedPack> {
  private readonly byName = new Map<string, P>();
  private readonly listeners: Array<() => void> = [];

  /** `noun` names the sort in messages, e.g. "runtime". */
  public constructor(private readonly noun: string) {}

  /** Adds `pack`, after `check` (its further problems); throws a `TopologyError` listing every problem. */
  public register(pack: P, check: (pack: P) => Problem[] = () => []): void {
    const problems: Problem[] = [];
    const name = (pack as Partial<NamedPack> | undefined)?.name;
    if (typeof name !== 'string' || !KIND_NAME.test(name)) {
      problems.push({
        message: `Invalid ${this.noun} name`,
        value: JSON.stringify(name),
        expected: 'a lower-case name of letters, digits and "-", starting with a letter, at most 63 characters',
        action: `Fix the name of the ${this.noun} pack`,
      });
    } else if (this.byName.has(name)) {
      problems.push({
        message: `The ${this.noun} '${name}' is already registered`,
        value: JSON.stringify(name),
        expected: `a name no other ${this.noun} has: ${this.names().join(', ')}`,
        action: `Give the ${this.noun} pack another name`,
      });
    }
    if (problems.length === 0) problems.push(...check(pack));
    if (problems.length > 0) throw new TopologyError(problems);
    this.byName.set(name!, pack);
    for (const listener of this.listeners) listener();
  }

  /** The pack named `name`, when there is one. */
  public get(name: string): P | undefined {
    return typeof name === 'string' ? this.byName.get(name) : undefined;
  }

  /** The pack named `name`; throws when none is registered (callers validated the name first). */
  public require(name: string): P {
    const pack = this.get(name);
    if (!pack) {
      throw new TopologyError([
        {
          message: `Unknown ${this.noun} '${String(name)}'`,
          value: JSON.stringify(name),
          expected: `one of: ${this.names().join(', ')}`,
          action: `Use one of them, or register the ${this.noun} first (docs/extending.md)`,
        },
      ]);
    }
    return pack;
  }

  /** Whether `name` is registered. */
  public has(name: unknown): boolean {
    return typeof name === 'string' && this.byName.has(name);
  }

  /** Names in registration order (built-ins first). */
  public names(): string[] {
    return [...this.byName.keys()];
  }

  /** Packs in registration order. */
  public all(): P[] {
    return [...this.byName.values()];
  }

  /**
   * A record of `map(pack)` by name that follows the table (a registered kind appears in it), for
   * lookups written as `RECORD[name]`. Null-prototype: a name from a graph is only ever an own key.
   */
  public record<V>(map: (pack: P) => V): Readonly<Record<string, V>> {
    const record: Record<string, V> = Object.create(null);
    const fill = () => this.byName.forEach((pack, name) => (record[name] = map(pack)));
    fill();
    this.onRegister(fill);
    return record;
  }

  /** A list of `map(pack)` per pack, flattened, that follows the table (as `record`). */
  public list<V>(map: (pack: P) => readonly V[]): readonly V[] {
    const list: V[] = [];
    const fill = () => list.splice(0, list.length, ...this.all().flatMap(map));
    fill();
    this.onRegister(fill);
    return list;
  }

  /** Calls `listener` after each registration. */
  public onRegister(listener: () => void): void {
    this.listeners.push(listener);
  }
}
