// The cdk8s app (`npm run synth`): writes the shop's Dockerfiles, docker-compose.yml, scripts
// and Kubernetes manifests into dist/ (or the directory `cdk8s synth --output` names).
import { TopographApp } from 'topograph';
import { shopTopology } from './src/shop';

const app = new TopographApp();
shopTopology(app);
app.synth();
