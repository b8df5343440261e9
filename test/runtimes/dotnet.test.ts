/** The dotnet runtime: restore on the project file, publish, ASP.NET Core runtime image, a compiled probe. */
import { dotnetHttpProbe, dotnetTcpProbe } from '../../src/graph/kinds/runtimes/dotnet';
import { api, dockerfileFindings, dockerfileOf, expectHardened, healthcheckCommand, loadProblems, project, serviceProblems, synthIn } from './helpers';

const sources = { 'api/Shop.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"/>', 'api/Program.cs': '' };

describe('dotnet', () => {
  it('restores the one project of the context, then publishes it: snapshot', () => {
    const dockerfile = dockerfileOf(sources, api('dotnet'));
    expect(dockerfile).toMatchSnapshot();
    expect(dockerfile).toMatch(/^FROM mcr\.microsoft\.com\/dotnet\/sdk:10\.0-noble AS dependencies$/m);
    expect(dockerfile).toMatch(/^FROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0-noble AS runtime$/m);
    expectHardened(dockerfile, /^COPY Shop\.Api\.csproj \.\/$/);
    expect(dockerfile).toMatch(/^RUN dotnet restore Shop\.Api\.csproj$/m);
    expect(dockerfile).toMatch(/^RUN dotnet publish Shop\.Api\.csproj --no-restore -c Release -o \/out$/m);
    expect(dockerfile).toMatch(/^ENV ASPNETCORE_HTTP_PORTS=8080 \\$/m);
    expect(dockerfile).toMatch(/^CMD \["dotnet", "\/app\/Shop\.Api\.dll"\]$/m);
  });

  it('takes the project named by entry, and "10" as the 10.0 line', () => {
    const dockerfile = dockerfileOf({ ...sources, 'api/Other.csproj': '' }, api('dotnet', { entry: 'Other', runtimeVersion: '10' }));
    expect(dockerfile).toMatch(/^COPY Other\.csproj \.\/$/m);
    expect(dockerfile).toContain('<TargetFramework>net10.0</TargetFramework>');
    expect(dockerfile).toMatch(/aspnet:10\.0-noble AS runtime/);
  });

  it('probes with a console program published in the SDK stage (the aspnet image has no curl or wget)', () => {
    const dockerfile = dockerfileOf(sources, api('dotnet'));
    expect(dockerfile).toContain('dotnet publish /opt/healthcheck/healthcheck.csproj -c Release -o /opt/healthcheck/out');
    expect(dockerfile).toContain('COPY --from=dependencies /opt/healthcheck/out/ /app/healthcheck/');
    expect(healthcheckCommand(dockerfile)).toEqual(['dotnet', '/app/healthcheck/healthcheck.dll', 'http://127.0.0.1:8080/health', '3']);
    expect(dotnetHttpProbe('http://127.0.0.1:1/x', 2)).toEqual(['dotnet', '/app/healthcheck/healthcheck.dll', 'http://127.0.0.1:1/x', '2']);
    expect(dotnetTcpProbe(5000, 3)).toEqual(['dotnet', '/app/healthcheck/healthcheck.dll', 'tcp:5000', '3']);
  });

  it('passes lint', () => {
    const { dir, graph } = project(sources, [api('dotnet'), { name: 'jobs', archetype: 'worker', runtime: 'dotnet', build: { context: 'api' } }]);
    expect(dockerfileFindings(synthIn(dir, graph))).toEqual([]);
  });

  it('needs a .csproj in the context', () => {
    expect(loadProblems({ 'api/Program.cs': '' }, [api('dotnet')])).toEqual([
      expect.objectContaining({ message: 'Build context of api has no *.csproj', action: expect.stringContaining('dotnet new web -n <Name>') }),
    ]);
    expect(loadProblems(sources, [api('dotnet')])).toEqual([]);
  });

  it.each(['../Api', 'Api;id', '$(id)', 'a/b', 'A..B', '-x'])('refuses the entry %j', (entry) => {
    expect(serviceProblems(api('dotnet', { entry }))).toContainEqual(expect.objectContaining({ message: 'Invalid entry for api (dotnet)' }));
  });

  it('refuses a line older than 8', () => {
    expect(serviceProblems(api('dotnet', { runtimeVersion: '6.0' }))).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/\.NET 6\.0/) }));
  });
});
