/**
 * Telling whether an ApiObject changed after topograph built it, and the escape-hatch patches that
 * act on an object's final Kubernetes JSON.
 *
 * cdk8s applies `ApiObject.addJsonPatch` patches before a cdk8s-plus L1 object (KubeDeployment,
 * KubeService, …) converts its props to Kubernetes JSON, so such a patch must be written in the
 * L1's shape (`{ value: 9001 }` for an IntOrString) and a field the L1 does not know is dropped.
 * `addKubernetesPatch` keeps its documented meaning instead: its patches apply to the object as
 * it appears in the manifest, like `kubectl patch --type json` (docs/extending.md).
 */
import { type ApiObject, JsonPatch } from 'cdk8s';

const FINAL_PATCHES = Symbol('topograph.finalPatches');

type WithFinalPatches = ApiObject & { [FINAL_PATCHES]?: JsonPatch[] };

/**
 * The number of JSON patches added to `object` so far, both kinds. cdk8s keeps its own in a field
 * its typings mark private; topograph reads only the count. Without the field (another cdk8s
 * version) those count 0 and derived values use the model.
 */
export function patchCount(object: ApiObject): number {
  const patches = (object as unknown as { readonly patches?: unknown }).patches;
  return (Array.isArray(patches) ? patches.length : 0) + ((object as WithFinalPatches)[FINAL_PATCHES]?.length ?? 0);
}

/** Adds patches applied to the object's Kubernetes JSON as synthesized (after the L1 conversion), in order, by every `toJson()`. */
export function addFinalPatches(object: ApiObject, patches: readonly JsonPatch[]): void {
  const target = object as WithFinalPatches;
  let list = target[FINAL_PATCHES];
  if (!list) {
    const own: JsonPatch[] = [];
    list = own;
    Object.defineProperty(target, FINAL_PATCHES, { value: own });
    const toJson = object.toJson.bind(object);
    object.toJson = () => {
      const json = toJson();
      return own.length ? JsonPatch.apply(json, ...own) : json;
    };
  }
  list.push(...patches);
}
