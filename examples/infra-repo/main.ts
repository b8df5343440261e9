// The cdk8s app (`npm run synth`): writes the shop's Kubernetes manifests into dist/kubernetes
// (cdk8s.yaml `output`) and its Dockerfiles, docker-compose.yml and scripts into dist/docker.
import { TopographApp } from 'topograph';
import { shopTopology } from './src/shop';

const app = new TopographApp();
shopTopology(app);
app.synth();
