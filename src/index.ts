/**
 * The topograph library: constructs users compose, and the engine under them.
 * @module topograph
 */

export * from '../constructs';
export { TopographApp, type TopographAppProps } from './app';
export { synthFiles, synthRenders, type SynthRenders, findTopologies, validateTree, type SynthOptions, type Target, TARGETS } from './synth';
export { synthesize, lintProblems, type SynthesizeOptions, type Synthesis, type SynthesisReport, type LintProblemWording } from './synthesis';
export { isTopologySource, TOPOLOGY_SOURCE, type TopologySource } from './topology-source';
export { writeFiles, planWrite, ConflictError, OutputError, type FileChange, type FileStatus, type WriteOptions, type WritePlanResult, type InterruptedRun, type RecoveryReport } from './write';
export { loadGraphFile, type LoadResult } from './graph/load';
export { validateGraph, isValidGraph, parseJson, type ValidationResult, type ValidGraph } from './graph/validate';
export { TopologyError, formatProblem, formatProblems, type Problem } from './graph/problems';
export {
  topologyGraphSchema,
  topologyGraphJsonSchema,
  type TopologyGraph,
  type ServiceSpec,
  type DependencySpec,
  type EdgeSpec,
  ARCHETYPES,
  RUNTIMES,
  FRAMEWORKS,
  DEPENDENCY_TYPES,
} from './graph/schema';
export {
  SERVICE_OVERRIDES,
  DEPENDENCY_OVERRIDES,
  TOPOLOGY_OVERRIDES,
  MAX_ENVIRONMENTS,
  flattenGraph,
  type EnvironmentSpec,
  type ServiceOverride,
  type DependencyOverride,
  type OverrideMerge,
} from './graph/environments';
export {
  registerRuntime,
  registerDependencyKind,
  runtimePack,
  dependencyKind,
  copyContextFiles,
  writeFileInstruction,
  type RuntimePack,
  type DockerfileStages,
  type EntryGrammar,
  type HealthProbeCheck,
  type RuntimeService,
  type UserConnection,
  type ContextFile,
  type VersionFloor,
  type SupportCalendar,
  type SupportedLine,
  type DependencyKindPack,
  type DependencyUser,
} from './graph/kinds';
export { APP_UID } from './runtimes';
export { dockerfileWord, jsString, phpString, pythonString, rubyString, shellQuote, shellWord } from './escape';
export { renderKubernetes, kubernetesSummary, type KubernetesSummaryOptions } from './kubernetes';
export type { KubernetesManifests, KubernetesManifestsProps } from './kubernetes';
export { renderDiagram, type DiagramFormat } from './render/diagram';
export type * from './model';
export { lintFiles, isEnvironmentFragment, formatFinding, kindOf, RULES, type Acknowledgement, type Finding, type LintOptions, type LintResult, type Rule, type Severity } from './lint';
export * from './specs';
export * from './project';
