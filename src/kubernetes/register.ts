// Plugs the Kubernetes target into synthesis (the renderer) and into the CLI's synth summary.
import { _registerSummary } from '../cli/commands/synth';
import { _registerKubernetesRenderer } from '../synth';
import { renderKubernetes } from './render';
import { kubernetesSummary } from './summary';

_registerKubernetesRenderer(renderKubernetes);
_registerSummary('k8s', (model, outdir) => kubernetesSummary(model, `${outdir}/kubernetes`));
