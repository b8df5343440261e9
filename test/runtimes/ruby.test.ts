/** The ruby runtime: bundler in deployment mode, Puma for rack and sinatra, a probe in Ruby itself. */
import { rubyHttpProbe, rubyTcpProbe } from '../../src/graph/kinds/runtimes/ruby';
import { api, dockerfileFindings, dockerfileOf, expectHardened, healthcheckCommand, loadProblems, project, serviceProblems, synthIn } from './helpers';

const sources = { 'api/Gemfile': "source 'https://rubygems.org'\n", 'api/Gemfile.lock': '', 'api/config.ru': '' };

describe('ruby', () => {
  it('installs the locked gems before copying the sources, and serves a rack app with Puma: snapshot', () => {
    const dockerfile = dockerfileOf(sources, api('ruby', { framework: 'rack' }));
    expect(dockerfile).toMatchSnapshot();
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/ruby:3\.4-trixie AS dependencies$/m);
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/ruby:3\.4-slim-trixie AS runtime$/m);
    expectHardened(dockerfile, /^COPY Gemfile Gemfile\.lock \.\/$/);
    expect(dockerfile).toContain('ENV BUNDLE_DEPLOYMENT=1 BUNDLE_PATH=/usr/local/bundle BUNDLE_WITHOUT=development:test');
    expect(dockerfile).toMatch(/^CMD \["bundle", "exec", "puma", "--bind", "tcp:\/\/0\.0\.0\.0:8080", "--environment", "production", "config\.ru"\]$/m);
  });

  it('runs a script with bundle exec ruby without a framework; sinatra sets APP_ENV', () => {
    expect(dockerfileOf(sources, api('ruby'))).toMatch(/^CMD \["bundle", "exec", "ruby", "main\.rb"\]$/m);
    expect(dockerfileOf(sources, api('ruby', { framework: 'sinatra' }))).toMatch(/^ {4}APP_ENV=production \\$/m);
  });

  it('probes with net/http and socket from the standard library (slim has no curl)', () => {
    const dockerfile = dockerfileOf(sources, api('ruby', { framework: 'rack' }));
    expect(healthcheckCommand(dockerfile)).toEqual(rubyHttpProbe(8080, '/health', 3));
    expect(rubyHttpProbe(8080, '/health', 3)).toEqual([
      'ruby',
      '-rnet/http',
      '-e',
      'exit(Net::HTTP.start("127.0.0.1",8080,open_timeout:3,read_timeout:3){|h|h.get("/health")}.code.to_i<400)',
    ]);
    expect(rubyTcpProbe(9292, 2)).toEqual(['ruby', '-rsocket', '-e', 'TCPSocket.new("127.0.0.1",9292,connect_timeout:2).close']);
  });

  it('keeps the path data in the probe source (# and quotes escaped)', () => {
    const [, , , source] = rubyHttpProbe(1, '/a#{`id`}"', 1);
    expect(source).toContain('h.get("/a\\#{`id`}\\"")');
    expect(source).not.toMatch(/\s/);
  });

  it('passes lint', () => {
    const { dir, graph } = project(sources, [api('ruby', { framework: 'sinatra' }), { name: 'jobs', archetype: 'worker', runtime: 'ruby', build: { context: 'api' } }]);
    expect(dockerfileFindings(synthIn(dir, graph))).toEqual([]);
  });

  it('needs Gemfile and Gemfile.lock', () => {
    expect(loadProblems({ 'api/Gemfile': '' }, [api('ruby')])).toEqual([
      expect.objectContaining({ message: 'Build context of api has no Gemfile.lock', action: expect.stringContaining('bundle lock') }),
    ]);
  });

  it.each(['../config.ru', '$(id)', 'a;b', '-x', 'a b'])('refuses the entry %j', (entry) => {
    expect(serviceProblems(api('ruby', { entry }))).toContainEqual(expect.objectContaining({ message: 'Invalid entry for api (ruby)' }));
  });

  it('refuses a line older than 3.2', () => {
    expect(serviceProblems(api('ruby', { runtimeVersion: '2.7' }))).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/Ruby 2\.7/) }));
  });
});
