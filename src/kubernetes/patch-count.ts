/**
 * How many JSON patches an ApiObject holds. cdk8s keeps them in a field its typings mark private;
 * topograph reads the count (never the patches) to know whether an object changed after it was
 * built, and so whether a derived value must be read from the object as synthesized. Without the
 * field (another cdk8s version) the count is 0 and the values of the model are used.
 */
import type { ApiObject } from 'cdk8s';

/** The number of JSON patches added to `object` so far. */
export function patchCount(object: ApiObject): number {
  const patches = (object as unknown as { readonly patches?: unknown }).patches;
  return Array.isArray(patches) ? patches.length : 0;
}
