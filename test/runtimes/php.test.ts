/** The php runtime: composer dependency layer, the official Apache image on an unprivileged port. */
import { phpHttpProbe, phpTcpProbe } from '../../src/graph/kinds/runtimes/php';
import { api, dockerfileFindings, dockerfileOf, expectHardened, healthcheckCommand, loadProblems, project, runtimeStage, serviceProblems, synthIn } from './helpers';

const sources = { 'api/composer.json': '{}', 'api/composer.lock': '{}', 'api/public/index.php': '' };

describe('php', () => {
  it('installs the locked packages before the sources and serves with Apache on the service port: snapshot', () => {
    const dockerfile = dockerfileOf(sources, api('php', { entry: 'public' }));
    expect(dockerfile).toMatchSnapshot();
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/composer:2 AS dependencies$/m);
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/php:8\.4-apache-trixie AS runtime$/m);
    expectHardened(dockerfile, /^COPY composer\.json composer\.lock \.\/$/);
    expect(dockerfile).toContain('--no-dev --no-scripts --no-autoloader');
    const runtime = runtimeStage(dockerfile);
    expect(runtime).toContain("RUN sed -ri 's/^Listen 80$/Listen 8080/' /etc/apache2/ports.conf \\");
    expect(runtime.join('\n')).toContain("'s#^(\\s*DocumentRoot).*#\\1 /var/www/html/public#'");
    // Apache's run and lock directories move to the writable /tmp (read-only root filesystem)
    expect(runtime).toContain('ENV APACHE_LOCK_DIR=/tmp/apache2 \\');
    expect(runtime).toContain('CMD ["apache2-foreground"]');
  });

  it('keeps the image document root for entry "."', () => {
    expect(dockerfileOf(sources, api('php'))).toContain("'s#^(\\s*DocumentRoot).*#\\1 /var/www/html#'");
  });

  it('probes with the php CLI of the runtime image', () => {
    const dockerfile = dockerfileOf(sources, api('php'));
    expect(healthcheckCommand(dockerfile)).toEqual(phpHttpProbe('http://127.0.0.1:8080/health', 3));
    expect(phpHttpProbe('http://127.0.0.1:8080/health', 3)).toEqual([
      'php',
      '-r',
      'exit(@file_get_contents("http://127.0.0.1:8080/health",false,stream_context_create(["http"=>["timeout"=>3]]))===false?1:0);',
    ]);
    expect(phpTcpProbe(9000, 2)).toEqual(['php', '-r', 'exit(@fsockopen("127.0.0.1",9000,$code,$message,2)===false?1:0);']);
    expect(phpHttpProbe('http://x/$a"', 1)[2]).toContain('"http://x/\\$a\\""');
  });

  it('passes lint', () => {
    const { dir, graph } = project(sources, [api('php', { entry: 'public' })]);
    expect(dockerfileFindings(synthIn(dir, graph))).toEqual([]);
  });

  it('needs composer.json and composer.lock', () => {
    expect(loadProblems({ 'api/composer.json': '{}' }, [api('php')])).toEqual([
      expect.objectContaining({ message: 'Build context of api has no composer.lock', action: expect.stringContaining('composer update') }),
    ]);
  });

  it.each(['../public', 'public/..', '$(id)', 'a;b', '-x', "a'b"])('refuses the entry %j', (entry) => {
    expect(serviceProblems(api('php', { entry }))).toContainEqual(expect.objectContaining({ message: 'Invalid entry for api (php)' }));
  });

  it('refuses a line older than 8.1', () => {
    expect(serviceProblems(api('php', { runtimeVersion: '7.4' }))).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/PHP 7\.4/) }));
  });
});
