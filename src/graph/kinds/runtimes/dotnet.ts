/**
 * The .NET runtime: `dotnet restore` on the project file, `dotnet publish`, the ASP.NET Core
 * runtime image, and a compiled health probe (the aspnet image has no curl or wget).
 */
import { dockerfileWord, shellWord } from '../../../escape';
import { PROGRAM_NAME } from '../../grammar';
import { type ContextFile, type DockerfileStages, type RuntimePack, type RuntimeService, writeFileInstruction } from '../runtime';

const PROJECT_FILE = /\.csproj$/;

/** `"10"` → `"10.0"`: the images and target frameworks are named by major.minor. */
function line(version: string): string {
  return /^\d+$/.test(version) ? `${version}.0` : version;
}

const contextFiles: readonly ContextFile[] = [
  {
    file: '*.csproj',
    matches: PROJECT_FILE,
    create: () =>
      'create the project (`dotnet new web -n <Name>` for an ASP.NET Core service, `dotnet new worker -n <Name>` for a worker) in the context root: the Dockerfile restores <entry>.csproj before copying the sources',
  },
];

/** The probe's project and program: `healthcheck <url> <seconds>` (exit 0 below 400) or `healthcheck tcp:<port> <seconds>`. */
function probeProject(version: string): string[] {
  return [
    '<Project Sdk="Microsoft.NET.Sdk">',
    '  <PropertyGroup>',
    '    <OutputType>Exe</OutputType>',
    `    <TargetFramework>net${line(version)}</TargetFramework>`,
    '    <ImplicitUsings>enable</ImplicitUsings>',
    '    <InvariantGlobalization>true</InvariantGlobalization>',
    '    <UseAppHost>false</UseAppHost>',
    '  </PropertyGroup>',
    '</Project>',
  ];
}

const PROBE_PROGRAM = [
  'using System.Net.Sockets;',
  'var timeout = TimeSpan.FromSeconds(int.Parse(args[1]));',
  'try',
  '{',
  '    if (args[0].StartsWith("tcp:"))',
  '    {',
  '        using var client = new TcpClient();',
  '        using var cancel = new CancellationTokenSource(timeout);',
  '        await client.ConnectAsync("127.0.0.1", int.Parse(args[0].Substring(4)), cancel.Token);',
  '        return 0;',
  '    }',
  '    using var http = new HttpClient { Timeout = timeout };',
  '    using var response = await http.GetAsync(args[0]);',
  '    return (int)response.StatusCode < 400 ? 0 : 1;',
  '}',
  'catch',
  '{',
  '    return 1;',
  '}',
];

/** HTTP check: GET `url` within `timeoutSeconds`, exit 0 below 400. */
export function dotnetHttpProbe(url: string, timeoutSeconds: number): string[] {
  return ['dotnet', '/app/healthcheck/healthcheck.dll', url, String(timeoutSeconds)];
}

/** TCP check: connect to `port` on 127.0.0.1 within `timeoutSeconds`. */
export function dotnetTcpProbe(port: number, timeoutSeconds: number): string[] {
  return ['dotnet', '/app/healthcheck/healthcheck.dll', `tcp:${port}`, String(timeoutSeconds)];
}

function stages(service: RuntimeService): DockerfileStages {
  const project = `${service.entry}.csproj`;
  return {
    workdir: '/src',
    dependencies: [
      'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1',
      '# The health probe (the aspnet image has no curl or wget): a console program without packages.',
      ...writeFileInstruction('/opt/healthcheck/healthcheck.csproj', probeProject(service.runtimeVersion)),
      ...writeFileInstruction('/opt/healthcheck/Program.cs', PROBE_PROGRAM, 'dotnet publish /opt/healthcheck/healthcheck.csproj -c Release -o /opt/healthcheck/out'),
      `COPY ${dockerfileWord(project)} ./`,
      `RUN dotnet restore ${shellWord(project)}`,
    ],
    build: ['COPY . .', `RUN dotnet publish ${shellWord(project)} --no-restore -c Release -o /out`],
    runtimeCopy: ['COPY --from=dependencies /opt/healthcheck/out/ /app/healthcheck/', 'COPY --from=build /out/ /app/'],
    runtimeEnv: service.port !== undefined ? { ASPNETCORE_HTTP_PORTS: String(service.port) } : {},
    hasShell: true,
    command: ['dotnet', `/app/${service.entry}.dll`],
  };
}

/** .NET (Microsoft's images: the SDK to build, the ASP.NET Core runtime to run; Ubuntu 24.04). */
export const DOTNET: RuntimePack = {
  name: 'dotnet',
  title: '.NET',
  defaultVersion: '10.0',
  minimumVersion: { version: '8', reason: 'the runtime stage sets ASPNETCORE_HTTP_PORTS (.NET 8) and the images are the Ubuntu 24.04 (noble) ones, published from .NET 8' },
  // dotnet.microsoft.com/platform/support/policy/dotnet-core: LTS lines three years, STS lines
  // two (since .NET 9), each ending on a Patch Tuesday in November; read 1 December 2026.
  support: {
    source: 'dotnet.microsoft.com/platform/support/policy/dotnet-core',
    lines: [
      { line: '6.0', end: '2024-11-12' },
      { line: '7.0', end: '2024-05-14' },
      { line: '8.0', end: '2026-11-10' },
      { line: '9.0', end: '2026-11-10' },
      { line: '10.0', end: '2028-11-14' },
      { line: '11.0', end: '2028-11' },
    ],
  },
  buildImage: (v) => `mcr.microsoft.com/dotnet/sdk:${line(v)}-noble`,
  runtimeImage: (v) => `mcr.microsoft.com/dotnet/aspnet:${line(v)}-noble`,
  detectFiles: PROJECT_FILE,
  defaultEntry: (_framework, detected) => {
    const projects = (detected ?? []).filter((f) => PROJECT_FILE.test(f));
    const name = projects.length === 1 ? projects[0].replace(PROJECT_FILE, '') : 'App';
    return PROGRAM_NAME.test(name) ? name : 'App';
  },
  entry: () => ({ pattern: PROGRAM_NAME, expected: 'the project name: its .csproj file in the context root without the extension, e.g. "Shop.Api" (no "/", no "..")' }),
  entryRule: 'the project name, "Shop.Api" for Shop.Api.csproj in the context root (default: the one .csproj there)',
  contextFiles,
  dockerignore: ['# .NET (restored and published inside the image)', 'bin/', 'obj/', '*.user', '.vs/', 'TestResults/'],
  stages,
  healthProbe: (check) => dotnetHttpProbe(check.url, check.timeoutSeconds),
};
