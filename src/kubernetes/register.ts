// Plugs the Kubernetes target into synthesis (the renderer) and into the CLI's synth summary.
// The renderer, and cdk8s-plus with it, is loaded on first use: commands and targets that make no
// manifests (validate, graph, --target docker) start without it (docs/performance.md).
import { _registerSummary } from '../cli/commands/synth';
import { _registerKubernetesRenderer } from '../synth';
import type * as manifests from './manifests';
import { kubernetesSummary } from './summary';

_registerKubernetesRenderer((model, scope, patches) => (require('./manifests') as typeof manifests).synthesizeKubernetes(model, scope, patches));
_registerSummary('k8s', (model, outdir, targets) => kubernetesSummary(model, `${outdir}/kubernetes`, { withCompose: targets.includes('compose') }));
