/** Each new runtime probes http and tcp inside its image, and refuses grpc at validation. */
import { dotnetTcpProbe } from '../../src/graph/kinds/runtimes/dotnet';
import { javaTcpProbe } from '../../src/graph/kinds/runtimes/java';
import { phpTcpProbe } from '../../src/graph/kinds/runtimes/php';
import { rubyTcpProbe } from '../../src/graph/kinds/runtimes/ruby';
import { rustTcpProbe } from '../../src/graph/kinds/runtimes/rust';
import { staticTcpProbe } from '../../src/graph/kinds/runtimes/static';
import { runtimePack } from '../../src';
import { api, dockerfileOf, healthcheckCommand, serviceProblems } from './helpers';

const CASES = [
  ['java', { 'api/pom.xml': '' }, javaTcpProbe(9000, 3)],
  ['dotnet', { 'api/Api.csproj': '' }, dotnetTcpProbe(9000, 3)],
  ['rust', { 'api/Cargo.toml': '', 'api/Cargo.lock': '' }, rustTcpProbe(9000, 3)],
  ['ruby', { 'api/Gemfile': '', 'api/Gemfile.lock': '' }, rubyTcpProbe(9000, 3)],
  ['php', { 'api/composer.json': '', 'api/composer.lock': '' }, phpTcpProbe(9000, 3)],
  ['static', { 'api/package.json': '', 'api/package-lock.json': '' }, staticTcpProbe(9000, 3)],
] as const;

describe.each(CASES)('%s', (runtime, files, tcpProbe) => {
  const tcpService = api(runtime, { port: undefined, ports: [{ name: 'admin', port: 9000, protocol: 'tcp' }] });

  it('runs its tcp probe for a tcp port (the default check of a tcp port)', () => {
    expect(serviceProblems(tcpService)).toEqual([]);
    expect(healthcheckCommand(dockerfileOf(files, tcpService))).toEqual([...tcpProbe]);
    for (const arg of tcpProbe) expect(arg).not.toMatch(/\s/); // podman's compose API splits on whitespace
  });

  it('refuses a grpc check, naming the runtime and the fix', () => {
    const problems = serviceProblems(api(runtime, { port: undefined, ports: [{ name: 'grpc', port: 9000, protocol: 'grpc' }] }));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe(`${runtimePack(runtime).title} cannot probe grpc in its image, for the health check of api`);
    expect(problems[0].action).toMatch(/"exec" with your own probe command .* or "none"/);
  });
});
