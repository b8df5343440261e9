import * as path from 'node:path';
import { Construct, type IConstruct } from 'constructs';
import { DEFAULT_CREATED } from '../src/defaults';
import { deepFreeze } from '../src/freeze';
import { checkTopology, type TopologyShape } from '../src/graph/check';
import { initializationOrder } from '../src/graph/order';
import { formatProblem, type Problem, TopologyError } from '../src/graph/problems';
import type { ServiceSpec, TopologyGraph } from '../src/graph/schema';
import type { Acknowledgement as LintAcknowledgement } from '../src/lint';
import { isValidGraph, specProblems, topologyPropProblems, validateGraph } from '../src/graph/validate';
import { outsideContextProblems } from '../src/output/contexts';
import { TOPOLOGY_SOURCE, type TopologySource } from '../src/topology-source';
import type { ConnectionUrl, DependencyModel, EdgeModel, EnvValue, EnvVarModel, SecretModel, ServiceModel, TopologyModel } from '../src/model';
import { CliTool } from './cli-tool';
import { DataPipeline } from './data-pipeline';
import { Dependency, type UseOptions } from './dependency';
import { escapeHatchesOf, type KubernetesObjectSelector, overridePath } from './escape-hatches';
import type { JsonPatch } from 'cdk8s';
import { KUBERNETES_CONSTRUCT_ID } from '../src/kubernetes/files';
import type * as manifests from '../src/kubernetes/manifests';
import { type EscapeHatches, type KubernetesPatch, noEscapeHatches } from '../src/render/escape-hatches';
import { Library } from './library';
import { KindDependency } from './kind-dependency';
import { type CallOptions, Service, serviceUrlEnv } from './service';
import { constructId, TOPOLOGY_MARKER, topologyOf } from './topology-scope';
import { WebService } from './web-service';
import { Job } from './job';
import { connectionVariables } from '../src/graph/connection';
import { targetPort } from '../src/graph/target-port';
import { waitOf, type WaitTarget } from '../src/graph/edge-wait';
import { hasHealthCheck } from '../src/graph/service-ports';
import { Worker } from './worker';
import { byName } from '../src/sort';
import { resolveSecretStore, secretStoreKeyProblems } from '../src/graph/secret-store';
import { COLLECTOR_NAME, resolveTelemetry, type TelemetryModel, type TelemetrySpec, telemetryVariables } from '../src/graph/telemetry';
import { type ExtraObject, extraObjectProblems, loadedExtraManifests, readExtraManifests, withDefaultNamespace } from '../src/graph/extra-manifests';
import { TelemetryCollector } from './telemetry-collector';
import { resolveIngress } from '../src/graph/ingress';
import { applyOverrides, type EnvironmentSpec, environmentNamesOf, ownEntry, SERVICE_OVERRIDES, TOPOLOGY_OVERRIDES } from '../src/graph/environments';
import { showValue } from '../src/graph/problems';

/**
 * Where Kubernetes reads the topology's secrets from: a store of the External Secrets Operator.
 * topograph writes an ExternalSecret that fills the topology Secret from it; never a value.
 */
export interface SecretStoreOptions {
  /** Name of the store the cluster already has (a Kubernetes object name). */
  readonly name: string;
  /** Kind of the store. @default "ClusterSecretStore" */
  readonly kind?: 'ClusterSecretStore' | 'SecretStore';
  /** How often the operator reads the store again, e.g. "15m" (10s to 24h). @default "1h" */
  readonly refreshInterval?: string;
  /** Prefix of the default remote key of each secret variable ("<prefix><NAME>"). @default "<topology name>/" */
  readonly prefix?: string;
  /** Remote key (or key and property) of a secret variable, by variable name; each must be a secret of the topology. @default "<prefix><NAME>" for every variable */
  readonly keys?: Record<string, string | { readonly key: string; readonly property?: string }>;
}

/** Props for a topology. */
export interface TopologyProps {
  /** Topology name: compose project, network and Kubernetes part-of label. @default the construct id */
  readonly name?: string;
  /** One line describing the system. @default none */
  readonly description?: string;
  /** Version of the system: image tag and version label. @default "0.1.0" */
  readonly version?: string;
  /** Default of the image "created" label, so output stays deterministic. @default "1970-01-01T00:00:00Z" */
  readonly created?: string;
  /** Source repository URL for the image source label. @default none */
  readonly source?: string;
  /** Registry prefix of built images, e.g. "ghcr.io/acme". @default none (local images) */
  readonly registry?: string;
  /** Kubernetes namespace. @default the topology name */
  readonly namespace?: string;
  /** Network segments, e.g. `['front', 'back']`: members join theirs, edges stay inside one. @default none: one network for everyone */
  readonly segments?: string[];
  /**
   * Kubernetes reads the topology Secret from this secret store (an ExternalSecret,
   * external-secrets.io/v1) instead of a Secret you create. Compose keeps docker/.env.
   * @default none: you create the Secret (the synth summary prints the command)
   */
  readonly secretStore?: SecretStoreOptions;
  /** Directory that build contexts are relative to (the graph file's directory). @default process.cwd() */
  readonly baseDir?: string;
  /**
   * How services with an `ingress` are reached from outside the cluster: the API (Ingress or
   * Gateway API HTTPRoute), IngressClass, controller namespace, Gateway and TLS; the graph's `ingress`.
   * @default { api: 'ingress' }: the default IngressClass, controller in "ingress-nginx", no TLS
   */
  readonly ingress?: TopologyIngressOptions;
  /**
   * Hardening-rule findings accepted on purpose, each with the reason (docs/lint.md); the graph's
   * `lint.acknowledge`. `TopographApp.synth()` and `topograph synth` report them instead of failing.
   * @default none
   */
  readonly lintAcknowledgements?: LintAcknowledgement[];
  /**
   * Allow build contexts outside `baseDir` (after symbolic links). topograph writes a
   * `.dockerignore` into each context, so by default a context must lie inside it (docs/security.md).
   * @default false, unless the app allows it (`TopographApp` `allowOutsideContext`)
   */
  readonly allowOutsideContext?: boolean;
  /**
   * OpenTelemetry for every containerized service (the graph's `telemetry`): OTEL_SERVICE_NAME,
   * OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL in its
   * environment; `collector: true` adds the dependency `otel-collector` they all send to.
   * @default none: no OTEL_* variable is set
   */
  readonly telemetry?: TelemetrySpec;
  /**
   * Your own Kubernetes objects as plain data (what the graph's `kubernetes.extraManifests` files
   * hold), written to `kubernetes/90-extra.yaml`; each needs apiVersion, kind and metadata.name, and
   * gets the topology's namespace unless it names one (or its kind is cluster-scoped). For cdk8s
   * constructs, add them to `topology.kubernetes.chart(file)` or a Chart of your own instead.
   * @default none
   */
  readonly kubernetesManifests?: ReadonlyArray<Record<string, unknown>>;
  /**
   * Named environments (e.g. `{ prod: { version: '1.4.2', services: { api: { replicas: 3 } }, dependencies: { db: { external: true } } } }`),
   * each overriding some fields of the topology (src/graph/environments.ts lists which): the graph's
   * `environments`, validated with the same schema. Synthesis then writes a Kustomize base with one
   * overlay per environment and a compose override file per environment; `toModel(name)` resolves one.
   * @default none
   */
  readonly environments?: Readonly<Record<string, EnvironmentSpec>>;
}

/** The topology's ingress (see `TopologyProps.ingress` and docs/kubernetes.md). */
export interface TopologyIngressOptions {
  /** "ingress" (networking.k8s.io/v1 Ingress) or "gateway" (Gateway API HTTPRoute). @default "ingress" */
  readonly api?: 'ingress' | 'gateway';
  /** api "ingress": the IngressClass. @default the cluster's default IngressClass */
  readonly className?: string;
  /** Namespace of the proxying pods, admitted by the NetworkPolicies. @default "ingress-nginx" (api ingress), the Gateway's namespace (api gateway) */
  readonly controllerNamespace?: string;
  /** api "gateway" (required there): your Gateway, and its HTTPS listener. @default none */
  readonly gateway?: { readonly name: string; readonly namespace: string; readonly listener?: string };
  /** api "ingress": HTTPS from a TLS Secret you create, or a cert-manager issuer (one of them). @default none (plain HTTP) */
  readonly tls?: { readonly secret?: string; readonly issuer?: string; readonly issuerKind?: 'ClusterIssuer' | 'Issuer' };
}

/** Options for `Topology.fromGraph`. */
export interface FromGraphOptions {
  /** Directory build contexts are relative to: the graph file's directory. @default process.cwd() */
  readonly baseDir?: string;
  /** How to name the graph in error messages. @default "topology-graph.json" */
  readonly file?: string;
  /**
   * Allow build contexts that resolve outside `baseDir`. Set it only for a graph you trust: the
   * graph is input, and topograph writes a `.dockerignore` into every context. Not a graph field
   * on purpose. @default false, unless the app allows it
   */
  readonly allowOutsideContext?: boolean;
}

interface EdgeRecord {
  readonly from: Service;
  readonly to: Service | Dependency;
  readonly options: CallOptions & UseOptions;
}

/**
 * The root of a topology: services, the dependencies they use and the edges between them.
 * Build it in code (`new WebService(topology, 'catalog', …)`, `billing.calls(catalog)`), or from a
 * `topology-graph.json` with `Topology.fromGraph`: both give the same tree.
 */
export class Topology extends Construct implements TopologySource {
  /** Returns true when `x` is a topology construct. */
  public static isTopology(x: unknown): x is Topology {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[TOPOLOGY_MARKER] === true;
  }

  /** The topology a construct belongs to. Throws when it is not inside one. */
  public static of(construct: IConstruct): Topology {
    return topologyOf(construct);
  }

  /**
   * Builds the topology described by a graph (parsed JSON). Every problem in the graph is reported
   * at once, in one `TopologyError`, before anything is built. A graph `loadGraphFile` or
   * `validateGraph` returned (a `ValidGraph`) is not validated again.
   */
  public static fromGraph(scope: Construct, id: string, graph: unknown, options: FromGraphOptions = {}): Topology {
    const { graph: valid, problems } = isValidGraph(graph) ? { graph, problems: [] } : validateGraph(graph, options.file ?? 'topology-graph.json');
    if (!valid) throw new TopologyError(problems);
    const topology = new Topology(scope, id, {
      name: valid.name,
      description: valid.description,
      version: valid.version,
      created: valid.created,
      source: valid.source,
      registry: valid.registry,
      namespace: valid.namespace,
      ...(valid.ingress ? { ingress: valid.ingress } : {}),
      ...(valid.segments ? { segments: valid.segments.map((s) => s.name) } : {}),
      ...(valid.secretStore ? { secretStore: valid.secretStore } : {}),
      baseDir: options.baseDir,
      lintAcknowledgements: valid.lint?.acknowledge,
      allowOutsideContext: options.allowOutsideContext,
      ...(valid.telemetry ? { telemetry: valid.telemetry } : {}),
      ...(valid.kubernetes?.extraManifests ? { kubernetesManifests: extraManifestsOf(valid, options) } : {}),
      ...(valid.environments ? { environments: valid.environments } : {}),
    });
    const nodes = new Map<string, Service | Dependency>();
    // The graph is valid as a whole: the services and edges built from it are not checked one by one again
    // (a member that throws here leaves a broken tree the caller does not synthesize).
    topology.trustedGraph = true;
    for (const dep of valid.dependencies ?? []) {
      const { name, type, version, ...common } = dep;
      nodes.set(name, new KindDependency(topology, name, { type, version, ...common }));
    }
    for (const spec of valid.services) {
      const { name, archetype, ...props } = spec;
      const Kind = { 'web-service': WebService, worker: Worker, 'cli-tool': CliTool, 'data-pipeline': DataPipeline, library: Library, job: Job }[archetype];
      nodes.set(name, new Kind(topology, name, props as never));
    }
    for (const edge of valid.edges ?? []) {
      const from = nodes.get(edge.from) as Service;
      const to = nodes.get(edge.to)!;
      const { from: _from, to: _to, ...options } = edge;
      if (Service.isService(to)) from.calls(to, options);
      else from.uses(to, options);
    }
    topology.trustedGraph = false;
    // validateGraph ran the topology checks on this very graph: the tree starts out checked.
    topology.memo = { problems: [] };
    return topology;
  }

  /** Topology name. */
  public readonly topologyName: string;
  /** Version: image tag and version label. */
  public readonly version: string;
  /** Registry prefix of built images. */
  public readonly registry?: string;
  /** Kubernetes namespace. */
  public readonly namespace: string;
  /** Directory build contexts are relative to. */
  public readonly baseDir: string;
  /** Hardening-rule findings accepted on purpose. */
  public readonly lintAcknowledgements: readonly LintAcknowledgement[];
  /** OpenTelemetry settings, resolved, when the topology has `telemetry`. */
  public readonly telemetry?: TelemetryModel;
  /** The collector `telemetry.collector` added, when it did. */
  public readonly telemetryCollector?: TelemetryCollector;
  /** @internal The escape hatches recorded on this topology (compose overrides, Dockerfile edits, Kubernetes patches). */
  public readonly _escapeHatches: EscapeHatches = noEscapeHatches();
  private readonly props: TopologyProps;
  private readonly members = new Map<string, Service | Dependency>();
  private readonly edgeRecords: EdgeRecord[] = [];
  /** The topology checks and the models (the base's, and each environment's), computed once and dropped on every change (`_changed`). */
  private memo: { problems?: Problem[]; model?: TopologyModel; environments?: Map<string, TopologyModel> } = {};
  /** Set while `fromGraph` builds a validated graph (see `_trustsSpecs`). */
  private trustedGraph = false;

  public constructor(scope: Construct, id: string, props: TopologyProps = {}) {
    super(scope, constructId(id, 'topology'));
    Object.defineProperty(this, TOPOLOGY_MARKER, { value: true });
    Object.defineProperty(this, TOPOLOGY_SOURCE, { value: true });
    this.props = props;
    this.topologyName = props.name ?? id;
    this.version = props.version ?? '0.1.0';
    this.registry = props.registry;
    this.namespace = props.namespace ?? this.topologyName;
    this.baseDir = path.resolve(props.baseDir ?? process.cwd());
    this.lintAcknowledgements = [...(props.lintAcknowledgements ?? [])];
    const problems = topologyPropProblems({ name: this.topologyName, ...graphFieldsOf(props) }, 'your topology code');
    (props.kubernetesManifests ?? []).forEach((object, i) => problems.push(...extraObjectProblems(object, `kubernetesManifests[${i}]`)));
    if (problems.length > 0) throw new TopologyError(problems);
    this.node.addValidation({ validate: () => this.validateTopology().map(formatProblem) });
    if (props.telemetry) {
      this.telemetry = resolveTelemetry(props.telemetry);
      if (this.telemetry.collector) this.telemetryCollector = new TelemetryCollector(this, COLLECTOR_NAME, { protocol: this.telemetry.protocol });
    }
  }

  /** The declared environments, in the order declared (synthesis sorts its output: the order changes nothing). */
  public get environmentNames(): string[] {
    return environmentNamesOf(this.props.environments);
  }

  /** Services, sorted by name. */
  public get services(): Service[] {
    return [...this.members.values()].filter(Service.isService).sort(byName);
  }

  /** Dependencies, sorted by name. */
  public get dependencies(): Dependency[] {
    return [...this.members.values()].filter(Dependency.isDependency).sort(byName);
  }

  /** The services as graph entries (what `topology-graph.json` would say), sorted by name. */
  public serviceSpecs(): ServiceSpec[] {
    return this.services.map((s) => s.toSpec());
  }

  /** Looks up a service or dependency by name. */
  public find(name: string): Service | Dependency | undefined {
    return this.members.get(name);
  }

  /** Every problem with the topology as a whole (references, cycles, port and variable clashes, build contexts outside the base directory). */
  public validateTopology(): Problem[] {
    const contexts = this.services.filter((s) => s.archetype !== 'library').map((s) => ({ service: s.name, context: s._buildContext() }));
    this.memo.problems ??= this.topologyProblems();
    return [...this.memo.problems, ...outsideContextProblems(this.baseDir, contexts, this.allowsOutsideContext())];
  }

  /**
   * The topology checks, then what is wrong only in an environment: each environment's topology
   * (its overrides applied) checked like one of its own, less what the base has already.
   */
  private topologyProblems(): Problem[] {
    const problems = checkTopology(this.checkShape());
    const seen = new Set(problems.map((p) => `${p.message}\u0000${p.value ?? ''}`));
    for (const name of this.environmentNames) {
      if (problems.some((p) => p.path === `environments.${name}`)) continue;
      const env = this.environmentSpec(name);
      const own = [
        ...checkTopology(this.checkShape(env)),
        ...this.services.flatMap((s) => {
          const override = ownEntry(env.services, s.name);
          return override ? specProblems('services', applyOverrides(s.toSpec(), override, SERVICE_OVERRIDES), 'your topology code', this.lintAcknowledgements) : [];
        }),
      ];
      for (const p of own) {
        if (seen.has(`${p.message}\u0000${p.value ?? ''}`)) continue;
        problems.push({ ...p, message: `In environment '${name}': ${p.message}`, action: `${p.action} (the value comes from the environment '${name}')`, path: `environments.${name}` });
      }
    }
    return problems;
  }

  /** Whether build contexts may lie outside the base directory: this topology's prop, else the app's. */
  private allowsOutsideContext(): boolean {
    if (this.props.allowOutsideContext !== undefined) return this.props.allowOutsideContext;
    return (this.node.root as { allowOutsideContext?: unknown }).allowOutsideContext === true;
  }

  /** Start-up order: dependencies by name, then services so each starts after what it needs. */
  public initializationOrder(): string[] {
    const needs = new Map<string, string[]>();
    for (const e of this.edgeRecords) {
      if (Service.isService(e.to)) needs.set(e.from.name, [...(needs.get(e.from.name) ?? []), e.to.name]);
    }
    const services = initializationOrder(this.services.map((s) => s.name), needs).order;
    return [...this.dependencies.map((d) => d.name), ...services];
  }

  /**
   * The topology as plain, resolved, sorted data: what every renderer reads. Throws on invalid
   * topologies. Computed once, until the topology changes (a member, an edge, a variable added).
   */
  public toModel(environment?: string): TopologyModel {
    const problems = this.validateTopology();
    if (problems.length > 0) throw new TopologyError(problems);
    if (environment === undefined) {
      // Frozen: every renderer reads the same model, so none may change it for the others.
      this.memo.model ??= deepFreeze(this.resolve());
      return this.memo.model;
    }
    const env = this.environmentSpec(environment);
    const models = (this.memo.environments ??= new Map());
    if (!models.has(environment)) models.set(environment, deepFreeze(this.resolve(environment, env)));
    return models.get(environment)!;
  }

  /** The overrides of a declared environment; throws naming the declared ones for any other name. */
  private environmentSpec(environment: string): EnvironmentSpec {
    const spec = ownEntry(this.props.environments, environment);
    if (spec) return spec;
    const declared = this.environmentNames;
    throw new TopologyError([
      {
        message: `Topology '${this.topologyName}' has no environment '${environment}'`,
        value: showValue(environment),
        expected: declared.length ? `one of its environments: ${[...declared].sort().join(', ')}` : 'no environment: this topology declares none',
        action: declared.length ? 'Use one of them, or declare it in "environments"' : 'Declare it in "environments" (the graph) or `environments` (TopologyProps), or leave the environment out',
      },
    ]);
  }

  private resolve(environment?: string, env?: EnvironmentSpec): TopologyModel {
    // The topology's fields as the environment sees them: read `top.<field>` (not `this.props`) for any field in TOPOLOGY_OVERRIDES.
    const top = applyOverrides({ ...this.props, registry: this.registry, version: this.version }, env, TOPOLOGY_OVERRIDES);
    const version = top.version ?? this.version;
    const isExternal = (d: Dependency) => ownEntry(env?.dependencies, d.name)?.external ?? d.external;
    // Telemetry as the environment has it (an environment may point at another endpoint; the collector is the topology's).
    const telemetry = env?.telemetry && top.telemetry ? resolveTelemetry(top.telemetry) : this.telemetry;
    if (telemetry?.collector && !this.telemetryCollector) {
      throw new TopologyError([
        {
          message: `Environment '${environment}' of topology '${this.topologyName}' turns the telemetry collector on, which the topology does not run`,
          value: 'telemetry.collector: true',
          expected: 'the collector declared in the topology\'s own "telemetry" (every environment then has it); an environment may set another OTLP endpoint instead',
          action: `Set "telemetry": {"collector": true} on the topology, or give environment '${environment}' "telemetry": {"otlp": {"endpoint": …}}`,
        },
      ]);
    }
    const telemetryEdges = telemetry?.collector ? this.telemetryEdges() : [];
    const edges = [...this.edgeRecords, ...telemetryEdges].sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
    // Each node's edges, grouped once (in the sorted order): linear in the number of edges.
    const edgesFrom = new Map<Service, EdgeRecord[]>();
    const edgesTo = new Map<Service | Dependency, EdgeRecord[]>();
    for (const e of edges) {
      const from = edgesFrom.get(e.from) ?? [];
      if (from.push(e) === 1) edgesFrom.set(e.from, from);
      const to = edgesTo.get(e.to) ?? [];
      if (to.push(e) === 1) edgesTo.set(e.to, to);
    }
    const services: ServiceModel[] = this.services.map((service) => {
      const from = edgesFrom.get(service) ?? [];
      const connections = from.filter((e) => !telemetryEdges.includes(e)).flatMap((e) => connectionOf(e, isExternal).map((c) => ({ ...c, target: e.to.name })));
      return service._toModel(
        connections,
        from.map((e) => e.to.name),
        { registry: top.registry, version, override: ownEntry(env?.services, service.name) },
        this.telemetryEnv(service, telemetry, version, environment),
      );
    });
    const dependencies: DependencyModel[] = this.dependencies.map((dep) =>
      dep._toModel((edgesTo.get(dep) ?? []).map((e) => ({ service: e.from, options: e.options })), ownEntry(env?.dependencies, dep.name)),
    );
    const edgeModels: EdgeModel[] = edges.map((e) => ({
      from: e.from.name,
      to: e.to.name,
      targetKind: Service.isService(e.to) ? 'service' : 'dependency',
      env: envOf(e),
      wait: waitOf(e.options.wait, waitTargetOf(e.to)),
    }));
    const model: TopologyModel = {
      name: this.topologyName,
      description: this.props.description,
      version,
      created: this.props.created ?? DEFAULT_CREATED,
      source: this.props.source,
      registry: top.registry,
      namespace: this.namespace,
      services,
      dependencies,
      edges: edgeModels,
      order: this.initializationOrder(),
      secrets: secretsOf(services, dependencies),
      segments: [...(this.props.segments ?? [])],
      ...(top.secretStore ? { secretStore: resolveSecretStore(top.secretStore, this.topologyName) } : {}),
      ...(telemetry ? { telemetry } : {}),
      ...(this.props.kubernetesManifests?.length
        ? { extraManifests: this.props.kubernetesManifests.map((o) => withDefaultNamespace(structuredClone(o) as ExtraObject, this.namespace)) }
        : {}),
      ...ingressOf(top.ingress, services),
      ...(environment !== undefined ? { environment } : {}),
    };
    // What only the resolved secrets can tell: a store key naming no secret variable.
    const storeProblems = secretStoreKeyProblems(model.secretStore, model.secrets.map((s) => s.name), this.topologyName);
    if (storeProblems.length > 0) throw new TopologyError(storeProblems);
    return model;
  }

  /** The edges `telemetry.collector` adds: every containerized service to the collector, waiting for nothing, setting no variable of their own. */
  private telemetryEdges(): EdgeRecord[] {
    const collector = this.telemetryCollector;
    if (!collector) return [];
    return this.services
      .filter((s) => s.archetype !== 'library' && !this.edgeRecords.some((e) => e.from === s && e.to === collector))
      .map((from) => ({ from, to: collector, options: { wait: 'none', format: 'none' } }));
  }

  /** The OTEL_* variables of a service (none without `telemetry`, or for a library). */
  private telemetryEnv(service: Service, telemetry: TelemetryModel | undefined, version: string, environment: string | undefined): EnvVarModel[] {
    if (!telemetry || service.archetype === 'library') return [];
    const context = { topology: this.topologyName, version, environment: environment ?? 'default', service: service.name };
    return telemetryVariables(telemetry, context).map((v) => ({ name: v.name, value: { kind: 'plain', value: v.value }, comment: 'OpenTelemetry (the topology\'s telemetry)' }));
  }

  /** @internal A member's segments, sorted: the ones it names, else the first declared (none when none is declared). */
  public _segmentsOf(segments: readonly string[] | undefined): string[] {
    const declared = this.props.segments ?? [];
    if (declared.length === 0) return [];
    return [...new Set(segments ?? [declared[0]])].sort();
  }

  /**
   * Escape hatch: sets `value` at `path` in docker-compose.yml from the document root
   * (`undefined` removes the key), e.g. `addComposeOverride('networks.shop-net.driver_opts',
   * {…})`. For one service's entry, prefer `service.addComposeOverride`.
   */
  public addComposeOverride(path: string | readonly string[], value: unknown): this {
    const where = `topology '${this.topologyName}'`;
    escapeHatchesOf(this).compose.push({ path: overridePath(path, where), value, where });
    return this;
  }

  /**
   * Escape hatch: JSON patches (cdk8s `JsonPatch`) on any generated Kubernetes object, selected
   * by kind and name, like cdk8s `ApiObject.addJsonPatch`. Synthesis fails when no object matches
   * (at once, when the charts exist already). `topology.kubernetes.apiObject(kind, name)` gives
   * the object itself.
   */
  public addKubernetesPatch(selector: KubernetesObjectSelector, ...patches: JsonPatch[]): this {
    this._addKubernetesPatch({ selector, patches, where: `topology '${this.topologyName}'` });
    return this;
  }

  /**
   * This topology's Kubernetes objects as cdk8s charts in the app's tree, one `Chart` per manifest
   * file (docs/kubernetes.md, "The charts in your app"). Built from the topology on first access,
   * then the same constructs (a synthesis before that builds charts of its own and drops them): `deployment('catalog')`,
   * `service('catalog')`, `configMap('catalog-config')`, `chart('20-services.yaml')`, … return
   * constructs that `ApiObject.of()`, cdk8s-plus and cdk8s `Testing.synth` work on. Once built,
   * the topology can no longer change (adding a service, an edge, env or a secret throws), since
   * the charts would not follow.
   */
  public get kubernetes(): manifests.KubernetesManifests {
    const { kubernetesManifestsOf } = require('../src/kubernetes/manifests') as typeof manifests;
    return kubernetesManifestsOf(this, () => this.toModel(), this._escapeHatches.kubernetes);
  }

  /** @internal Records a Kubernetes patch; once the charts exist, adds it to the objects it selects at once. */
  public _addKubernetesPatch(patch: KubernetesPatch): void {
    const built = this.node.tryFindChild(KUBERNETES_CONSTRUCT_ID) as manifests.KubernetesManifests | undefined;
    if (built) {
      const problems = built._addPatch(patch);
      if (problems.length > 0) throw new TopologyError(problems);
    }
    escapeHatchesOf(this).kubernetes.push(patch);
  }

  /** @internal Throws when the Kubernetes charts were built already: `change` would not reach them. */
  public _checkMutable(change: string): void {
    if (!this.node.tryFindChild(KUBERNETES_CONSTRUCT_ID)) return;
    throw new TopologyError([
      {
        message: `Topology '${this.topologyName}' cannot change after its Kubernetes charts were built`,
        value: change,
        expected: 'every service, dependency, edge, env value and secret added before topology.kubernetes is first read',
        action: 'Move this call before the first use of topology.kubernetes; change generated objects through topology.kubernetes instead',
      },
    ]);
  }

  /** @internal */
  public _register(member: Service | Dependency): void {
    this._checkMutable(`new ${Service.isService(member) ? 'service' : 'dependency'} '${member.name}'`);
    const existing = this.members.get(member.name);
    if (existing) {
      throw new TopologyError([
        {
          message: `Duplicate name '${member.name}'`,
          value: `${existing.node.path} and ${member.node.path}`,
          expected: 'each service and dependency named once (they share one DNS namespace)',
          action: 'Give one of them another id',
        },
      ]);
    }
    this.members.set(member.name, member);
    this._changed();
  }

  /** @internal Drops the memoized checks and model: called by every change to the topology or its members. */
  public _changed(): void {
    this.memo = {};
  }

  /** @internal Whether a member's props come from a validated graph (`fromGraph`), so need no check of their own. */
  public _trustsSpecs(): boolean {
    return this.trustedGraph;
  }

  /** @internal */
  public _addEdge(from: Service, to: Service | Dependency, options: CallOptions & UseOptions): void {
    this._checkMutable(`edge ${from.name} → ${to.name}`);
    if (from.topology !== this || to.topology !== this) {
      throw new TopologyError([
        {
          message: `Edge ${from.name} → ${to.name} crosses topologies`,
          expected: 'both ends in the same Topology',
          action: 'Create both in one Topology, or model the other side as a Dependency',
        },
      ]);
    }
    this.edgeRecords.push({ from, to, options });
    this._changed();
  }

  /** @internal Build context as a POSIX path relative to the base directory. */
  public _contextPath(context: string): string {
    const absolute = path.resolve(this.baseDir, context);
    const relative = path.relative(this.baseDir, absolute).split(path.sep).join('/');
    return relative === '' ? '.' : relative;
  }

  /** The topology as the topology checks read it (src/graph/check.ts). */
  private checkShape(env?: EnvironmentSpec): TopologyShape {
    const environments = Object.entries(this.props.environments ?? {}).map(([name, e]) => ({
      name,
      services: Object.entries(e.services ?? {}).map(([service, o]) => ({ name: service, env: Object.keys(o.env ?? {}) })),
      dependencies: Object.keys(e.dependencies ?? {}),
      where: `environments.${name}`,
    }));
    return {
      source: 'your topology',
      services: this.services.map((s) => ({
        name: s.name,
        archetype: s.archetype,
        port: s.port,
        hostPorts: s.ports.flatMap((p) => (p.host === undefined ? [] : [p.host])),
        env: [...new Set([...s._ownEnvNames(), ...Object.keys(ownEntry(env?.services, s.name)?.env ?? {})])],
        secrets: s.toSpec().secrets ?? [],
        ...s._memberShape(),
        hasHealthCheck: waitTargetOf(s).hasHealthCheck,
        where: `service '${s.name}'`,
      })),
      dependencies: this.dependencies.map((d) => ({
        name: d.name,
        type: d.type,
        port: d.port,
        publish: d._toModel([]).publish,
        external: ownEntry(env?.dependencies, d.name)?.external ?? d.external,
        ...d._memberShape(),
        where: `dependency '${d.name}'`,
      })),
      edges: this.edgeRecords.map((e) => {
        const setsMain = e.options.format !== 'none' && !(Service.isService(e.to) && e.to.archetype === 'job');
        const url = Dependency.isDependency(e.to) ? e.to.connectionFor(e.from, e.options) : undefined;
        return {
          from: e.from.name,
          to: e.to.name,
          env: setsMain ? envOf(e) : undefined,
          explicitEnv: e.options.env !== undefined,
          database: e.options.database,
          options: e.options,
          ...(url ? { connection: { hasUser: url.username !== undefined, hasPassword: url.passwordSecret !== undefined, hasDatabase: url.path !== undefined } } : {}),
          where: `edge ${e.from.name} → ${e.to.name}`,
        };
      }),
      ...(this.props.segments?.length ? { segments: this.props.segments } : {}),
      ...(this.props.telemetry ? { telemetry: true } : {}),
      ...(environments.length && !env ? { environments } : {}),
    };
  }
}

function envOf(e: EdgeRecord): string {
  if (e.options.env) return e.options.env;
  return Service.isService(e.to) ? serviceUrlEnv(e.to.name) : e.to.connectionEnv;
}

/**
 * The variables the edge sets: its connection in the shape the edge asks for (src/graph/connection.ts),
 * or for an external dependency the secret the user supplies. An edge to a job sets none (it is
 * only waited for).
 */
function connectionOf(e: EdgeRecord, isExternal: (d: Dependency) => boolean = (d) => d.external): Array<{ env: string; value: EnvValue }> {
  if (Service.isService(e.to) && e.to.archetype === 'job') return [];
  if (Dependency.isDependency(e.to) && isExternal(e.to)) return [{ env: envOf(e), value: { kind: 'secret', secret: e.to.externalConnectionSecret(e.from, e.options) } }];
  const url: ConnectionUrl = Service.isService(e.to)
    ? { scheme: 'http', host: e.to.name, port: targetPort(e.to.port, e.options.port) ?? 80 }
    : e.to.connectionFor(e.from, e.options);
  return connectionVariables(envOf(e), e.options, url).map((v) => ({ env: v.name, value: v.value }));
}

/** What the default wait of an edge reads of its target. */
function waitTargetOf(target: Service | Dependency): WaitTarget {
  if (Dependency.isDependency(target)) return { kind: 'dependency', hasHealthCheck: true };
  return { kind: 'service', archetype: target.archetype, hasHealthCheck: hasHealthCheck(target.toSpec()) };
}

function secretsOf(services: readonly ServiceModel[], dependencies: readonly DependencyModel[]): SecretModel[] {
  const users = new Map<string, Set<string>>();
  const add = (secret: string, who: string) => users.set(secret, (users.get(secret) ?? new Set()).add(who));
  for (const s of services) if (s.containerized) s.secrets.forEach((secret) => add(secret, s.name));
  for (const d of dependencies) if (!d.external) d.secrets.forEach((secret) => add(secret, d.name));
  return [...users.keys()].sort().map((name) => ({ name, comment: `used by ${[...users.get(name)!].sort().join(', ')}` }));
}

/** The props that are graph fields, as the graph spells them (`lintAcknowledgements` → `lint.acknowledge`), for the prop checks. */
function graphFieldsOf(props: TopologyProps): Partial<TopologyGraph> {
  const out: Record<string, unknown> = {};
  for (const key of ['description', 'version', 'created', 'source', 'registry', 'namespace', 'secretStore', 'telemetry', 'ingress'] as const) {
    if (props[key] !== undefined) out[key] = props[key];
  }
  if (props.lintAcknowledgements !== undefined) out.lint = { acknowledge: props.lintAcknowledgements };
  if (props.segments !== undefined) out.segments = props.segments.map((name) => ({ name }));
  if (props.environments !== undefined) out.environments = props.environments;
  return out as Partial<TopologyGraph>;
}

/** The objects of a graph's `kubernetes.extraManifests`: as `loadGraphFile` read them, else read now from the base directory. */
function extraManifestsOf(graph: TopologyGraph, options: FromGraphOptions): Array<Record<string, unknown>> {
  const loaded = loadedExtraManifests(graph);
  if (loaded) return [...loaded];
  const read = readExtraManifests(graph.kubernetes!.extraManifests!, path.resolve(options.baseDir ?? process.cwd()), options.file ?? 'topology-graph.json');
  if (read.problems.length > 0) throw new TopologyError(read.problems);
  return read.objects;
}

/** B (issue 18): the model's `ingress`, when the topology declares one or a service is routed. */
function ingressOf(ingress: TopologyIngressOptions | undefined, services: readonly ServiceModel[]): { ingress?: TopologyModel['ingress'] } {
  const resolved = resolveIngress(ingress, services.some((s) => s.routes.length > 0));
  return resolved ? { ingress: resolved } : {};
}
