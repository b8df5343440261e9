/**
 * `topograph lint <dir>` over a layout with environments: the compose overrides and Kustomize
 * patches topograph wrote are fragments (synth lints each environment flattened instead), so lint
 * skips them by their generated header; a file of the same name without that header is linted.
 */
import { isEnvironmentFragment, lintFiles } from '../../src';
import { shopGraphWithEnvironments, synth } from '../helpers/shop';

const { files } = synth(shopGraphWithEnvironments());

it('skips the overrides and patches topograph wrote, and lints the objects an overlay adds', () => {
  const fragments = Object.keys(files).filter((f) => isEnvironmentFragment(files[f]));
  expect(fragments).toEqual(expect.arrayContaining(['docker/docker-compose.prod.yml', 'kubernetes-overlays/prod/patches/deployment-catalog.yaml', 'kubernetes-overlays/prod/patches/statefulset-postgres.yaml']));
  expect(fragments.some((f) => /^kubernetes-overlays\/prod\/[^/]+\.yaml$/.test(f))).toBe(false);
  const linted = lintFiles(files).files.map((l) => l.path);
  expect(linted).toContain('kubernetes-overlays/prod/20-services.yaml');
  expect(linted).not.toContain('docker/docker-compose.prod.yml');
});

it('lints a compose file of that name the user wrote', () => {
  const own = 'services:\n  api:\n    image: nginx\n    privileged: true\n';
  expect(isEnvironmentFragment(own)).toBe(false);
  const forged = `# not generated\n# Environment prod: what it changes in docker-compose.yml\n${own}`;
  expect(isEnvironmentFragment(forged)).toBe(false);
  expect(lintFiles({ 'docker/docker-compose.prod.yml': own }).findings.map((f) => f.rule)).toContain('compose-privileged');
});
