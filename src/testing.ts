/**
 * `topograph/testing`: helpers for the tests of an infra repo, in the spirit of cdk8s `Testing`.
 * `Testing.synth(app)` synthesizes in memory (nothing is written) and returns the whole output as
 * `{path: content}` plus parsed views, so a snapshot is one line and so is each assertion:
 *
 * ```ts
 * const out = Testing.synth(app);
 * expect(out.files).toMatchSnapshot();
 * expect(out.composeService('catalog').environment.AMQP_URL).toContain('rabbitmq:5672');
 * expect(out.manifest('Deployment', 'catalog').spec.replicas).toBe(2);
 * ```
 *
 * @module topograph/testing
 */
import type { IConstruct } from 'constructs';
import { parse, parseAllDocuments } from 'yaml';
import { TopographApp, type TopographAppProps } from './app';
import { type SynthOptions, synthFiles } from './synth';

/** A parsed Kubernetes object: `apiVersion`, `kind`, `metadata` and the rest as plain data. */
export interface KubernetesObject {
  /** API group and version, e.g. "apps/v1". */
  readonly apiVersion: string;
  /** Object kind, e.g. "Deployment". */
  readonly kind: string;
  /** Name, namespace, labels and annotations. */
  readonly metadata: { readonly name?: string; readonly generateName?: string; readonly [key: string]: any };
  /** Everything else (`spec`, `data`, …), untyped so assertions stay short. */
  readonly [key: string]: any;
}

/** One entry under `services:` of the parsed docker-compose.yml. */
export interface ComposeServiceEntry {
  /** Image the service runs or is tagged with. */
  readonly image?: string;
  /** Environment as written in the file (secrets are `${VAR:?…}` references). */
  readonly environment?: Record<string, string>;
  /** Every other key, untyped. */
  readonly [key: string]: any;
}

/** The parsed docker-compose.yml. */
export interface ComposeDocument {
  /** Dependencies and services by name. */
  readonly services: Record<string, ComposeServiceEntry>;
  /** Every other top-level key (networks, volumes), untyped. */
  readonly [key: string]: any;
}

/** The synthesized output of one app, with parsed views for one-line assertions. */
export class SynthResult {
  /** Every file as `{path: content}`, paths relative to the output directory, sorted. */
  public readonly files: Readonly<Record<string, string>>;
  /** Prefix of the topology's files when the app holds several topologies ("shop/"), else "". */
  private readonly prefix: string;

  /** @param files the output of `synthFiles`; @param prefix the directory of one topology, for apps with several. */
  public constructor(files: Readonly<Record<string, string>>, prefix = '') {
    this.files = files;
    this.prefix = prefix;
  }

  /** The paths of every file, sorted. */
  public get paths(): string[] {
    return Object.keys(this.files);
  }

  /** One file's content. Throws, listing the paths there are, when it was not generated. */
  public file(path: string): string {
    const key = `${this.prefix}${path}`;
    const content = this.files[key];
    if (content === undefined) {
      throw new Error(`No generated file '${key}'. Generated: ${this.paths.join(', ')}`);
    }
    return content;
  }

  /** The view of one topology, by name, when the app holds several (their files live under `<name>/`). */
  public topology(name: string): SynthResult {
    return new SynthResult(this.files, `${this.prefix}${name}/`);
  }

  /** docker-compose.yml, parsed. */
  public get compose(): ComposeDocument {
    return parse(this.file('docker/docker-compose.yml')) as ComposeDocument;
  }

  /** One entry of docker-compose.yml `services:` (a service or a dependency). Throws when absent. */
  public composeService(name: string): ComposeServiceEntry {
    const entry = this.compose.services?.[name];
    if (!entry) throw new Error(`docker-compose.yml has no service '${name}'. It has: ${Object.keys(this.compose.services ?? {}).join(', ')}`);
    return entry;
  }

  /** The Dockerfile of a service, as text. */
  public dockerfile(service: string): string {
    return this.file(`docker/Dockerfile.${service}`);
  }

  /** The variables `.env.example` lists (names only matter: values are placeholders). */
  public get envExampleVariables(): string[] {
    return this.file('docker/.env.example')
      .split('\n')
      .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
  }

  /**
   * Every Kubernetes object, in file order; only those of `kind` when given. With environments, the
   * base's (an environment's objects: `Testing.synth(app, { environment: 'prod' })`).
   */
  public manifests(kind?: string): KubernetesObject[] {
    const objects: KubernetesObject[] = [];
    for (const [path, content] of Object.entries(this.files)) {
      if (!path.startsWith(`${this.prefix}kubernetes/`) || !/\.ya?ml$/.test(path)) continue;
      // kubernetes/Kustomization has no .yaml; the overlays are in kubernetes-overlays/.
      for (const doc of parseAllDocuments(content)) {
        const value = doc.toJS();
        if (value && typeof value === 'object' && (kind === undefined || value.kind === kind)) objects.push(value);
      }
    }
    return objects;
  }

  /** One Kubernetes object by kind and name (`metadata.name`, or `generateName` without its "-"). Throws when absent. */
  public manifest(kind: string, name: string): KubernetesObject {
    const all = this.manifests(kind);
    const found = all.find((o) => o.metadata.name === name || o.metadata.generateName === `${name}-`);
    if (!found) throw new Error(`No ${kind} named '${name}'. There are: ${all.map((o) => o.metadata.name ?? o.metadata.generateName).join(', ') || 'none'}`);
    return found;
  }
}

/** Test helpers, like cdk8s `Testing`: an app for tests and in-memory synthesis. */
export class Testing {
  /**
   * A TopographApp for tests. Its output directory is fixed ("dist" under the working directory)
   * so relative paths in the output, and thus snapshots, do not depend on a temporary directory.
   */
  public static app(props: TopographAppProps = {}): TopographApp {
    return new TopographApp({ outdir: 'dist', ...props });
  }

  /**
   * Synthesizes every topology under `scope` (an app, or one Topology) in memory and returns the
   * output. Throws `TopologyError` listing every problem when the topology is invalid.
   */
  public static synth(scope: IConstruct, options: SynthOptions = {}): SynthResult {
    return new SynthResult(synthFiles(scope, options));
  }

  private constructor() {}
}
