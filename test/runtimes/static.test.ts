/** The static runtime: npm builds the site, nginx-unprivileged serves it on the service port. */
import { staticHttpProbe, staticTcpProbe } from '../../src/graph/kinds/runtimes/static';
import { api, dockerfileFindings, dockerfileOf, expectHardened, healthcheckCommand, loadProblems, project, runtimeStage, serviceProblems, synthIn } from './helpers';

const sources = { 'web/package.json': '{}', 'web/package-lock.json': '{}', 'web/index.html': '' };
const web = (extra: object = {}) => api('static', { build: { context: 'web' }, ...extra });

describe('static', () => {
  it('builds with npm ci && npm run build, then serves dist/ on the service port: snapshot', () => {
    const dockerfile = dockerfileOf(sources, web());
    expect(dockerfile).toMatchSnapshot();
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/node:24-slim AS dependencies$/m);
    expect(dockerfile).toMatch(/^FROM docker\.io\/nginxinc\/nginx-unprivileged:1\.30-alpine AS runtime$/m);
    expectHardened(dockerfile, /^COPY package\.json package-lock\.json \.\/$/);
    expect(dockerfile).toMatch(/^RUN npm ci --no-audit --no-fund$/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toContain("    '    listen 8080;' \\");
    expect(dockerfile).toContain("    '        try_files $uri $uri/ /index.html;' \\");
    const runtime = runtimeStage(dockerfile);
    expect(runtime).toContain('COPY --from=build /app/dist/ /usr/share/nginx/html/');
    expect(runtime.filter((l) => l.startsWith('RUN '))).toEqual([]); // alpine: no useradd
  });

  it('serves the directory named by entry', () => {
    const dockerfile = dockerfileOf(sources, web({ entry: 'build', port: 3000 }));
    expect(dockerfile).toContain('COPY --from=build /app/build/ /usr/share/nginx/html/');
    expect(dockerfile).toContain('RUN test -f build/index.html ||');
    expect(dockerfile).toContain("    '    listen 3000;' \\");
  });

  it('probes with busybox wget (alpine has no curl) and nc', () => {
    const dockerfile = dockerfileOf(sources, web());
    expect(healthcheckCommand(dockerfile)).toEqual(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/health']);
    expect(staticHttpProbe('http://127.0.0.1:1/')).toEqual(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:1/']);
    expect(staticTcpProbe(8080, 3)).toEqual(['nc', '-z', '-w', '3', '127.0.0.1', '8080']);
  });

  it('passes lint', () => {
    const { dir, graph } = project(sources, [web()]);
    expect(dockerfileFindings(synthIn(dir, graph))).toEqual([]);
  });

  it('needs package.json and package-lock.json', () => {
    expect(loadProblems({ 'web/package.json': '{}' }, [web()])).toEqual([
      expect.objectContaining({ message: 'Build context of api has no package-lock.json', action: expect.stringContaining('npm install') }),
    ]);
  });

  it.each(['../dist', 'dist/..', '$(id)', 'a;b', '-x', 'a b'])('refuses the entry %j', (entry) => {
    expect(serviceProblems(web({ entry }))).toContainEqual(expect.objectContaining({ message: 'Invalid entry for api (static)' }));
  });

  it('refuses an nginx line older than 1.26', () => {
    expect(serviceProblems(web({ runtimeVersion: '1.24' }))).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/1\.24/) }));
  });
});
