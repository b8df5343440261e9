/**
 * The user's own cdk8s charts in a TopographApp: synthesized beside topograph's manifests, one
 * file per chart, `kubernetes/<chart>.k8s.yaml` (the name `cdk8s synth` gives it). The files carry
 * topograph's generated marker, so the write (src/write.ts) owns and prunes them like every other
 * generated file; they are regenerated from your code on every synth.
 */
import { Chart, Names } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { type Problem, TopologyError } from '../graph/problems';
import { toYaml, withHeader } from './serialize';

const TOPOGRAPH_CHART = Symbol.for('topograph.Chart');

/** @internal Marks a chart as one of a topology's manifest files (not a user chart). */
export function markTopographChart(chart: Chart): void {
  Object.defineProperty(chart, TOPOGRAPH_CHART, { value: true });
}

/** Whether `chart` is one of topograph's (see `topology.kubernetes`). */
export function isTopographChart(chart: IConstruct): boolean {
  return (chart as unknown as Record<symbol, unknown>)[TOPOGRAPH_CHART] === true;
}

/** Suffix of a user chart's file, as cdk8s writes it. */
export const USER_CHART_SUFFIX = '.k8s.yaml';

/**
 * Every chart under `root` that is not topograph's, as `{kubernetes/<name>.k8s.yaml: YAML}`: the
 * chart's objects in the order cdk8s gives them (dependencies first), each with its patches.
 * Throws a TopologyError when a chart cannot be synthesized or two charts would share a file.
 */
export function userChartFiles(root: IConstruct): Record<string, string> {
  const out: Record<string, string> = {};
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  for (const chart of root.node.findAll()) {
    if (!Chart.isChart(chart) || isTopographChart(chart)) continue;
    const file = `kubernetes/${Names.toDnsLabel(chart)}${USER_CHART_SUFFIX}`;
    const other = owners.get(file);
    if (other) {
      problems.push({
        message: `Two of your charts would both be written to ${file}`,
        value: `${other} and ${chart.node.path}`,
        expected: 'charts whose ids give distinct file names',
        action: 'Give one of the charts another id',
      });
      continue;
    }
    owners.set(file, chart.node.path);
    let objects: unknown[];
    try {
      objects = chart.toJson();
    } catch (error) {
      problems.push({
        message: `Your chart ${chart.node.path} cannot be synthesized: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
        action: 'Fix the chart (cdk8s Testing.synth(chart) shows the same error)',
      });
      continue;
    }
    if (objects.length === 0) continue;
    const header = [`Chart ${chart.node.path} of your app, synthesized by topograph as cdk8s synth would write it.`, 'Edit the chart in your code: this file is regenerated on every synth.'];
    out[file] = withHeader(header, objects.map((o) => `---\n${toYaml(o)}`).join(''));
  }
  if (problems.length) throw new TopologyError(problems);
  return out;
}
