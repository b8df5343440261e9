// Plugs the Kubernetes renderer into synthesis.
import { _registerKubernetesRenderer } from '../synth';
import { renderKubernetes } from './render';

_registerKubernetesRenderer(renderKubernetes);
