/** The Python runtime: pip into a prefix, compiled sources, uvicorn (fastapi) or gunicorn (flask). */
import { pythonString } from '../../../escape';
import { PYTHON_APP, PYTHON_MODULE } from '../../grammar';
import { type ContextFile, copyContextFiles, type RuntimePack, type RuntimeService } from '../runtime';

const contextFiles: readonly ContextFile[] = [
  {
    file: 'requirements.txt',
    create: (has) =>
      has('pyproject.toml')
        ? 'write requirements.txt from pyproject.toml (e.g. `pip-compile pyproject.toml -o requirements.txt`): the Dockerfile installs with `pip install -r requirements.txt`'
        : "create requirements.txt listing the app's dependencies (`pip freeze > requirements.txt`; an empty file if it has none)",
  },
];

/** Python (python.org images, slim). */
export const PYTHON: RuntimePack = {
  name: 'python',
  title: 'Python',
  defaultVersion: '3.11',
  minimumVersion: { version: '3', reason: 'the health probe uses urllib.request, which Python 2 does not have' },
  // https://devguide.python.org/versions/ (five years per feature release; future ends by month,
  // as the devguide gives them), read 1 December 2026.
  support: {
    source: 'devguide.python.org/versions',
    lines: [
      { line: '3.5', end: '2020-09-30' },
      { line: '3.6', end: '2021-12-23' },
      { line: '3.7', end: '2023-06-27' },
      { line: '3.8', end: '2024-10-07' },
      { line: '3.9', end: '2025-10-31' },
      { line: '3.10', end: '2026-10' },
      { line: '3.11', end: '2027-10' },
      { line: '3.12', end: '2028-10' },
      { line: '3.13', end: '2029-10' },
      { line: '3.14', end: '2030-10' },
      { line: '3.15', end: '2031-10' },
    ],
  },
  buildImage: (v) => `python:${v}-slim`,
  runtimeImage: (v) => `python:${v}-slim`,
  frameworks: ['fastapi', 'flask'],
  defaultEntry: (framework) => (framework ? 'main:app' : 'main'),
  entry: (framework) =>
    framework
      ? { pattern: PYTHON_APP, expected: 'with a framework, "module:attribute", e.g. "main:app" or "app.main:app"' }
      : { pattern: PYTHON_MODULE, expected: 'a python module run with python -m, e.g. "main" or "app.worker"' },
  entryRule: 'a module ("app.worker", run with python -m) or, with a framework, "module:attribute" (default "main:app" / "main")',
  contextFiles,
  dockerignore: ['# Python', '**/__pycache__/', '**/*.py[cod]', '.venv/', 'venv/', '.pytest_cache/', '.mypy_cache/', '.ruff_cache/', '*.egg-info/', 'build/'],
  stages: (service) => ({
    workdir: '/app',
    dependencies: [
      'ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1',
      copyContextFiles(contextFiles),
      'RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt',
    ],
    build: ['COPY . .', 'RUN python -m compileall -q .'],
    runtimeCopy: ['COPY --from=dependencies /install /usr/local', 'COPY --from=build /app /app'],
    runtimeEnv: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    hasShell: true,
    command: command(service, service.port ?? 8080),
  }),
  // No gRPC: the image has no gRPC client, and HTTP/2 by hand in a `-c` line is too much to trust.
  probeKinds: ['http', 'tcp'],
  healthProbe: (check) => [
    'python',
    '-c',
    check.kind === 'tcp'
      ? `__import__('socket').create_connection((${pythonString('127.0.0.1')},${check.port}),timeout=${check.timeoutSeconds}).close()`
      : `__import__('sys').exit(__import__('urllib.request').request.urlopen(${pythonString(check.url)},timeout=${check.timeoutSeconds}).status>=400)`,
  ],
};

function command(service: RuntimeService, port: number): string[] {
  switch (service.framework) {
    case 'fastapi':
      return ['python', '-m', 'uvicorn', service.entry, '--host', '0.0.0.0', '--port', String(port)];
    case 'flask':
      return ['python', '-m', 'gunicorn', '--bind', `0.0.0.0:${port}`, service.entry];
    default:
      return ['python', '-m', service.entry];
  }
}
