/**
 * The topograph library: constructs users compose, and the engine under them.
 * @module topograph
 */
import './kubernetes/register';

export * from '../constructs';
export { TopographApp, type TopographAppProps } from './app';
export { synthFiles, findTopologies, validateTree, type SynthOptions, type Target, TARGETS } from './synth';
export { writeFiles, planWrite, ConflictError, OutputError, type FileChange, type FileStatus, type WriteOptions, type WritePlanResult, type InterruptedRun, type RecoveryReport } from './write';
export { loadGraphFile, type LoadResult } from './graph/load';
export { validateGraph, parseJson, type ValidationResult } from './graph/validate';
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
export { renderKubernetes, kubernetesSummary, type KubernetesSummaryOptions } from './kubernetes';
export type { KubernetesManifests, KubernetesManifestsProps } from './kubernetes';
export { renderDiagram, type DiagramFormat } from './render/diagram';
export type * from './model';
export { lintFiles, formatFinding, kindOf, RULES, type Acknowledgement, type Finding, type LintOptions, type LintResult, type Rule, type Severity } from './lint';
export * from './specs';
export * from './deploy';
