import { serviceRoleSecret, superuserSecret } from '../postgres-roles';
import type { Problem } from '../problems';
import type { ShapeDependency, TopologyRule } from './types';

/** Kinds whose users share one password, the secret `<DEPENDENCY>_PASSWORD`. */
const SHARED_PASSWORD_KINDS: readonly string[] = ['rabbitmq', 'minio', 'elasticsearch'];

/**
 * The secrets topograph names for the passwords of a kind with databases (postgres, mysql,
 * mariadb, mongodb: the superuser's, one per service's user) each hold one password:
 * `POSTGRES_CATALOG_PASSWORD` is both the role of service 'catalog' on 'postgres' and the superuser
 * of a dependency 'postgres-catalog'. Kinds with one shared password (rabbitmq, minio,
 * elasticsearch) name it `<DEPENDENCY>_PASSWORD` too, so their superusers are claimed as well.
 */
export const passwordSecretClash: TopologyRule = {
  id: 'password-secret-clash',
  scope: 'topology',
  description: 'Each dependency password (a superuser, a service role or user) has a secret of its own name.',
  check({ shape, services, dependencies, databaseKinds }) {
    const meanings = new Map<string, string>();
    const problems: Problem[] = [];
    const claim = (secret: string, meaning: string) => {
      const other = meanings.get(secret);
      if (other === undefined) meanings.set(secret, meaning);
      else if (other !== meaning) {
        problems.push({
          message: `Two passwords would share the secret ${secret}`,
          value: `${other} and ${meaning}`,
          expected: 'a secret of its own for each password (names are <DEPENDENCY>_PASSWORD and <DEPENDENCY>_<SERVICE>_PASSWORD)',
          action: `Rename one of the services or dependencies involved in ${shape.source}`,
        });
      }
    };
    const hasUsers = (d: ShapeDependency | undefined) => d?.type !== undefined && databaseKinds.includes(d.type) && !d.external;
    const hasPassword = (d: ShapeDependency) => d.type !== undefined && !d.external && (databaseKinds.includes(d.type) || SHARED_PASSWORD_KINDS.includes(d.type));
    for (const dep of dependencies.values()) if (hasPassword(dep)) claim(superuserSecret(dep.name), `the superuser of '${dep.name}'`);
    for (const edge of shape.edges) {
      if (services.has(edge.from) && hasUsers(dependencies.get(edge.to))) claim(serviceRoleSecret(edge.to, edge.from), `the ${dependencies.get(edge.to)!.type === 'postgres' ? 'role' : 'user'} of '${edge.from}' on '${edge.to}'`);
    }
    return problems;
  },
};
