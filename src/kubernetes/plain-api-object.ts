/**
 * An ApiObject whose body (everything but `apiVersion`, `kind` and `metadata`) is plain JSON data
 * produced when it is serialized: no cdk8s token resolution over the body, which made objects
 * topograph generates by the thousand (NetworkPolicies) slow (docs/performance.md). Its metadata
 * and JSON patches behave like any ApiObject's, so `ApiObject.of(x).addJsonPatch(…)`,
 * `x.metadata.addAnnotation(…)` and cdk8s `Testing.synth` work on it.
 */
import { ApiObject, type ApiObjectMetadata, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';

/** Props of a {@link PlainApiObject}. */
export interface PlainApiObjectProps {
  /** API group and version, e.g. "networking.k8s.io/v1". */
  readonly apiVersion: string;
  /** Object kind, e.g. "NetworkPolicy". */
  readonly kind: string;
  /** Name and labels (the chart adds its labels and namespace). */
  readonly metadata: ApiObjectMetadata;
  /** The rest of the object as plain JSON data (maps, lists, strings, numbers, booleans), read at serialization. */
  readonly body: () => Record<string, unknown>;
}

/** An ApiObject with a plain-data body (see the module comment). */
export class PlainApiObject extends ApiObject {
  private readonly body: () => Record<string, unknown>;
  private readonly operations: JsonPatch[] = [];

  public constructor(scope: Construct, id: string, props: PlainApiObjectProps) {
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata });
    this.body = props.body;
  }

  /** Adds RFC 6902 operations, applied to the object when it is serialized. */
  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.operations.push(...ops);
    super.addJsonPatch(...ops);
  }

  /** The object as Kubernetes JSON, with its JSON patches applied. */
  public override toJson(): any {
    const json = { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson(), ...this.body() };
    if (this.operations.length === 0) return json;
    try {
      return JsonPatch.apply(json, ...this.operations);
    } catch (e) {
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
  }
}
