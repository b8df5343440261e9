/** The rust runtime: dependencies against a stand-in main, the binary on distroless cc, a std-only probe. */
import { rustHttpProbe, rustTcpProbe } from '../../src/graph/kinds/runtimes/rust';
import { api, dockerfileFindings, dockerfileOf, expectHardened, healthcheckCommand, loadProblems, project, runtimeStage, serviceProblems, synthIn } from './helpers';

const sources = { 'api/Cargo.toml': '[package]\nname = "api"\n', 'api/Cargo.lock': '', 'api/src/main.rs': '' };

describe('rust', () => {
  it('builds the dependencies against a stand-in main before the sources: snapshot', () => {
    const dockerfile = dockerfileOf(sources, api('rust'));
    expect(dockerfile).toMatchSnapshot();
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/rust:1-slim-trixie AS dependencies$/m);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/cc-debian13:nonroot AS runtime$/m);
    expectHardened(dockerfile, /^COPY Cargo\.toml Cargo\.lock \.\/$/);
    expect(dockerfile).toContain("printf 'fn main() {}\\n' > src/main.rs && cargo build --release --locked && rm -rf src");
    // the sources are made newer than the stand-in's build, or cargo would keep the stand-in binary
    expect(dockerfile).toContain("RUN find . -path ./target -prune -o -name '*.rs' -exec touch {} + \\");
    expect(dockerfile).toContain('cargo install --path . --locked --root /out \\');
  });

  it('runs on distroless with no shell instruction in the runtime stage', () => {
    const runtime = runtimeStage(dockerfileOf(sources, api('rust', { entry: 'server' })));
    expect(runtime.filter((l) => l.startsWith('RUN '))).toEqual([]);
    expect(runtime).toContain('CMD ["/app/app"]');
  });

  it('names a binary with --bin', () => {
    expect(dockerfileOf(sources, api('rust', { entry: 'server' }))).toContain('cargo install --path . --locked --root /out --bin server \\');
  });

  it('probes with a std-only binary compiled in the first stage', () => {
    const dockerfile = dockerfileOf(sources, api('rust', { health: { path: '/ready?deep=1' } }));
    expect(dockerfile).toContain('rustc --edition 2021 -O -o /opt/healthcheck/healthcheck /opt/healthcheck/main.rs');
    expect(dockerfile).toContain('COPY --from=dependencies /opt/healthcheck/healthcheck /app/healthcheck');
    expect(healthcheckCommand(dockerfile)).toEqual(['/app/healthcheck', 'http', '8080', '3', '/ready?deep=1']);
    expect(rustHttpProbe(80, '/health', 2)).toEqual(['/app/healthcheck', 'http', '80', '2', '/health']);
    expect(rustTcpProbe(6379, 3)).toEqual(['/app/healthcheck', 'tcp', '6379', '3']);
  });

  it('passes lint', () => {
    const { dir, graph } = project(sources, [api('rust')]);
    expect(dockerfileFindings(synthIn(dir, graph))).toEqual([]);
  });

  it('needs Cargo.toml and Cargo.lock', () => {
    expect(loadProblems({ 'api/Cargo.toml': '' }, [api('rust')])).toEqual([
      expect.objectContaining({ message: 'Build context of api has no Cargo.lock', action: expect.stringContaining('cargo generate-lockfile') }),
    ]);
    expect(loadProblems({ 'api/src/main.rs': '' }, [api('rust')]).map((p) => p.message)).toEqual(['Build context of api has no Cargo.toml', 'Build context of api has no Cargo.lock']);
  });

  it.each(['../x', 'a/b', '$(id)', 'x;y', '-x', '..'])('refuses the entry %j', (entry) => {
    expect(serviceProblems(api('rust', { entry }))).toContainEqual(expect.objectContaining({ message: 'Invalid entry for api (rust)' }));
  });

  it('refuses a line older than 1.85', () => {
    expect(serviceProblems(api('rust', { runtimeVersion: '1.70' }))).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/Rust 1\.70/) }));
  });
});
