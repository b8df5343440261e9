/**
 * The PHP runtime: Composer installs the locked dependencies (cached on composer.json and
 * composer.lock), and the official php Apache image serves the app, unprivileged.
 *
 * Why Apache with mod_php (php:<version>-apache): one image and one process tree, the official
 * build, production-grade (prefork MPM, as PHP recommends with mod_php) and ready to run as any
 * user: the image makes its run, lock and log directories writable by all (docker-library/php
 * issue 743) and lets every APACHE_* setting of /etc/apache2/envvars be overridden from the
 * environment. The Dockerfile moves Listen to the service's port (an unprivileged port needs no
 * capability) and the run and lock directories to /tmp (the root filesystem is read-only).
 * php-fpm would need a second server (nginx or Caddy) in the image or beside it, and a process
 * supervisor or a second container per service.
 */
import { phpString, shellQuote, shellWord } from '../../../escape';
import { CONTEXT_DIRECTORY } from '../../grammar';
import { type ContextFile, copyContextFiles, type RuntimePack, type RuntimeService } from '../runtime';

const contextFiles: readonly ContextFile[] = [
  { file: 'composer.json', create: () => 'create composer.json (`composer init`), then run `composer update` to write composer.lock' },
  { file: 'composer.lock', create: () => 'run `composer update` (or `composer install`) to write composer.lock: the Dockerfile installs exactly the locked versions' },
];

/** HTTP check: GET `url` within `timeoutSeconds` (PHP's http stream fails below 200 or from 400, and follows redirects). */
export function phpHttpProbe(url: string, timeoutSeconds: number): string[] {
  return ['php', '-r', `exit(@file_get_contents(${phpString(url)},false,stream_context_create(["http"=>["timeout"=>${timeoutSeconds}]]))===false?1:0);`];
}

/** TCP check: connect to `port` on 127.0.0.1 within `timeoutSeconds`. */
export function phpTcpProbe(port: number, timeoutSeconds: number): string[] {
  return ['php', '-r', `exit(@fsockopen("127.0.0.1",${port},$code,$message,${timeoutSeconds})===false?1:0);`];
}

/** Apache on the service's port with the document root `entry`, as root before the user switch (sed on the image's own files). */
function apacheConfig(service: RuntimeService): string[] {
  const port = service.port ?? 8080;
  const root = service.entry === '.' ? '/var/www/html' : `/var/www/html/${service.entry.replace(/^\.\//, '')}`;
  return [
    `RUN sed -ri ${shellQuote(`s/^Listen 80$/Listen ${port}/`)} /etc/apache2/ports.conf \\`,
    `    && sed -ri -e ${shellQuote(`s/<VirtualHost \\*:80>/<VirtualHost *:${port}>/`)} -e ${shellWord(`s#^(\\s*DocumentRoot).*#\\1 ${root}#`)} /etc/apache2/sites-available/000-default.conf \\`,
    '    && mv "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"',
  ];
}

/** PHP (composer image to install dependencies; php Apache image, Debian 13, at run time). */
export const PHP: RuntimePack = {
  name: 'php',
  title: 'PHP',
  defaultVersion: '8.4',
  minimumVersion: { version: '8.1', reason: 'the runtime image is php:<version>-apache-trixie (Debian 13), published for PHP 8.1 and later' },
  // php.net/supported-versions: two years of active support and two of security fixes per line,
  // ending on 31 December; read 1 December 2026.
  support: {
    source: 'php.net/supported-versions',
    lines: [
      { line: '8.0', end: '2023-11-26' },
      { line: '8.1', end: '2025-12-31' },
      { line: '8.2', end: '2026-12-31' },
      { line: '8.3', end: '2027-12-31' },
      { line: '8.4', end: '2028-12-31' },
      { line: '8.5', end: '2029-12-31' },
    ],
  },
  buildImage: () => 'composer:2',
  runtimeImage: (v) => `php:${v}-apache-trixie`,
  defaultEntry: () => '.',
  entry: () => ({ pattern: CONTEXT_DIRECTORY, expected: 'the document root, a directory relative to the build context: "." or e.g. "public" (no "..", not starting with "-")' }),
  entryRule: 'the document root Apache serves, "." (default) or a directory such as "public"',
  contextFiles,
  dockerignore: ['# PHP (dependencies are installed inside the image)', 'vendor/', '.phpunit.cache/', '.phpunit.result.cache', '.php-cs-fixer.cache'],
  stages: (service) => ({
    workdir: '/app',
    dependencies: [
      copyContextFiles(contextFiles),
      '# Platform requirements are checked against the runtime image, not this one (vendor/composer/platform_check.php).',
      'RUN composer install --no-dev --no-scripts --no-autoloader --no-interaction --no-progress --prefer-dist --ignore-platform-reqs',
    ],
    build: ['COPY . .', 'RUN composer dump-autoload --no-dev --optimize --no-interaction'],
    runtimeCopy: [...apacheConfig(service), 'COPY --from=build /app /var/www/html'],
    runtimeEnv: { APACHE_LOCK_DIR: '/tmp/apache2', APACHE_PID_FILE: '/tmp/apache2/apache2.pid', APACHE_RUN_DIR: '/tmp/apache2' },
    hasShell: true,
    command: ['apache2-foreground'],
  }),
  healthProbe: (check) => phpHttpProbe(check.url, check.timeoutSeconds),
};
