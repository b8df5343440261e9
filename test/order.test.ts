import { initializationOrder } from '../src/graph/order';

const needs = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe('initialization order', () => {
  it('starts each node after what it needs, ties by name', () => {
    const { order, cycles } = initializationOrder(['billing', 'auth', 'catalog', 'zeta'], needs({ billing: ['catalog'], auth: ['catalog'] }));
    expect(order).toEqual(['catalog', 'auth', 'billing', 'zeta']);
    expect(cycles).toEqual([]);
  });

  it('does not depend on the order nodes are given in', () => {
    const graph = needs({ d: ['b', 'c'], b: ['a'], c: ['a'] });
    const first = initializationOrder(['a', 'b', 'c', 'd'], graph).order;
    expect(initializationOrder(['d', 'c', 'b', 'a'], graph).order).toEqual(first);
    expect(first).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports a cycle as a closed walk starting at its smallest name', () => {
    const { cycles, order } = initializationOrder(['a', 'b', 'c', 'x'], needs({ b: ['c'], c: ['b'], a: ['b'] }));
    expect(cycles).toEqual([['b', 'c', 'b']]);
    expect(order).toEqual(['x']);
  });

  it('reports a self loop', () => {
    expect(initializationOrder(['a'], needs({ a: ['a'] })).cycles).toEqual([['a', 'a']]);
  });

  it('reports separate cycles separately', () => {
    const { cycles } = initializationOrder(['a', 'b', 'c', 'd'], needs({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] }));
    expect(cycles).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'c'],
    ]);
  });
});
