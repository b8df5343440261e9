/**
 * The Ruby runtime: Bundler in deployment mode on Gemfile.lock (gems compiled in the full image,
 * run on slim), a Rack app served by Puma, and a probe in Ruby itself (slim has no curl).
 */
import { rubyString } from '../../../escape';
import { SOURCE_FILE } from '../../grammar';
import { type ContextFile, copyContextFiles, type RuntimePack, type RuntimeService } from '../runtime';

const contextFiles: readonly ContextFile[] = [
  { file: 'Gemfile', create: () => 'create a Gemfile (`bundle init`) listing the gems (with a framework: puma and rack or sinatra), then run `bundle lock` to write Gemfile.lock' },
  { file: 'Gemfile.lock', create: () => 'run `bundle lock` (or `bundle install`) to write Gemfile.lock: the Dockerfile installs in deployment mode, from the lockfile only' },
];

/** Bundler settings of both stages: frozen to Gemfile.lock, no development or test gems, gems under /usr/local/bundle. */
const BUNDLE_ENV = { BUNDLE_DEPLOYMENT: '1', BUNDLE_PATH: '/usr/local/bundle', BUNDLE_WITHOUT: 'development:test' } as const;

/** HTTP check: GET `path` on `port` within `timeoutSeconds`, exit 0 below 400 (an exception exits 1). */
export function rubyHttpProbe(port: number, path: string, timeoutSeconds: number): string[] {
  return [
    'ruby',
    '-rnet/http',
    '-e',
    `exit(Net::HTTP.start("127.0.0.1",${port},open_timeout:${timeoutSeconds},read_timeout:${timeoutSeconds}){|h|h.get(${rubyString(path)})}.code.to_i<400)`,
  ];
}

/** TCP check: connect to `port` on 127.0.0.1 within `timeoutSeconds`. */
export function rubyTcpProbe(port: number, timeoutSeconds: number): string[] {
  return ['ruby', '-rsocket', '-e', `TCPSocket.new("127.0.0.1",${port},connect_timeout:${timeoutSeconds}).close`];
}

function command(service: RuntimeService): string[] {
  if (service.framework === 'rack' || service.framework === 'sinatra') {
    return ['bundle', 'exec', 'puma', '--bind', `tcp://0.0.0.0:${service.port ?? 8080}`, '--environment', 'production', service.entry];
  }
  return ['bundle', 'exec', 'ruby', service.entry];
}

/** Ruby (ruby images on Debian 13: full to install gems, slim at run time). */
export const RUBY: RuntimePack = {
  name: 'ruby',
  title: 'Ruby',
  defaultVersion: '3.4',
  minimumVersion: { version: '3.2', reason: 'the images are ruby:<version>-trixie (Debian 13), published for Ruby 3.2 and later (the TCP probe also needs connect_timeout, Ruby 3.0)' },
  // ruby-lang.org/en/downloads/branches: about three years and three months per line, ending in
  // March (future ends as planned there), read 1 December 2026.
  support: {
    source: 'ruby-lang.org/en/downloads/branches',
    lines: [
      { line: '3.0', end: '2024-04-23' },
      { line: '3.1', end: '2025-03-26' },
      { line: '3.2', end: '2026-03-31' },
      { line: '3.3', end: '2027-03' },
      { line: '3.4', end: '2028-03' },
      { line: '4.0', end: '2029-03' },
    ],
  },
  buildImage: (v) => `ruby:${v}-trixie`,
  runtimeImage: (v) => `ruby:${v}-slim-trixie`,
  frameworks: ['rack', 'sinatra'],
  defaultEntry: (framework) => (framework ? 'config.ru' : 'main.rb'),
  entry: () => ({ pattern: SOURCE_FILE, expected: 'a file relative to the build context: the rackup file with a framework (e.g. "config.ru"), else the script (e.g. "main.rb"); no "..", not starting with "-"' }),
  entryRule: 'the script run with `bundle exec ruby` ("main.rb", default) or, with a framework, the rackup file Puma serves ("config.ru", default)',
  contextFiles,
  dockerignore: ['# Ruby (gems are installed inside the image)', '.bundle/', 'vendor/bundle/', 'log/', 'tmp/', 'coverage/', '.byebug_history'],
  stages: (service) => ({
    workdir: '/app',
    dependencies: [
      `ENV ${Object.entries(BUNDLE_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`,
      copyContextFiles(contextFiles),
      'RUN bundle install --jobs 4 && rm -rf /usr/local/bundle/ruby/*/cache',
    ],
    build: ['COPY . .'],
    runtimeCopy: ['COPY --from=dependencies /usr/local/bundle /usr/local/bundle', 'COPY --from=build /app /app'],
    runtimeEnv: { ...BUNDLE_ENV, RACK_ENV: 'production', ...(service.framework === 'sinatra' ? { APP_ENV: 'production' } : {}) },
    hasShell: true,
    command: command(service),
  }),
  healthProbe: (check) => rubyHttpProbe(check.port, check.path, check.timeoutSeconds),
};
