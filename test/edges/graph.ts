/**
 * A queue-style topology using every edge field of issue 17 (items 4, 6-9): address and template
 * formats, split variables, waits of each kind, a job, segments, aliases, a profile and secrets
 * inside an env value and a command argument. Build contexts are the shop example's.
 */
import type { TopologyGraph } from '../../src';

export function edgesGraph(): TopologyGraph {
  return {
    name: 'vote',
    segments: [{ name: 'front' }, { name: 'back' }],
    services: [
      {
        name: 'web',
        archetype: 'web-service',
        runtime: 'python',
        framework: 'fastapi',
        port: 8000,
        build: { context: 'catalog' },
        segments: ['front', 'back'],
        secrets: ['API_TOKEN'],
        env: { AUTH_HEADER: { template: 'Bearer {secret:API_TOKEN} $HOME $(HOME)' }, PLAIN: 'a$b $(c)' },
      },
      {
        name: 'worker',
        archetype: 'worker',
        runtime: 'node',
        build: { context: 'billing' },
        segments: ['back'],
        secrets: ['API_TOKEN'],
        command: ['node', 'dist/index.js', { template: '--token={secret:API_TOKEN}' }, '--price=$5'],
      },
      { name: 'seed', archetype: 'job', runtime: 'python', build: { context: 'catalog' }, segments: ['back'] },
      { name: 'api', archetype: 'web-service', runtime: 'bun', port: 9000, build: { context: 'auth' }, segments: ['back'], aliases: ['backend'] },
      { name: 'report', archetype: 'job', runtime: 'python', build: { context: 'catalog' }, segments: ['back'], profile: 'reports' },
      { name: 'mailer', archetype: 'worker', runtime: 'python', build: { context: 'catalog' }, segments: ['back'], profile: 'reports' },
    ],
    dependencies: [
      { name: 'postgres', type: 'postgres', segments: ['back'], aliases: ['db'] },
      { name: 'redis', type: 'redis', segments: ['back'] },
    ],
    edges: [
      { from: 'web', to: 'api', env: 'API_ADDR', format: 'address', port: 'http' },
      { from: 'web', to: 'redis', hostEnv: 'REDIS_HOST', portEnv: 'REDIS_PORT', wait: 'started' },
      {
        from: 'worker',
        to: 'postgres',
        env: 'JDBC_URL',
        template: 'jdbc:postgresql://{host}:{port}/{database}?user={user}&password={password}&ssl=$off',
        hostEnv: 'DB_HOST',
        portEnv: 'DB_PORT',
        userEnv: 'DB_USER',
        passwordEnv: 'DB_PASSWORD',
        databaseEnv: 'DB_NAME',
      },
      { from: 'worker', to: 'seed' },
      { from: 'worker', to: 'redis', wait: 'none' },
      { from: 'seed', to: 'postgres', format: 'none', hostEnv: 'PGHOST' },
      { from: 'api', to: 'seed' },
      { from: 'mailer', to: 'report' },
    ],
  };
}
