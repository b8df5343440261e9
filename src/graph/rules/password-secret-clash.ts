import { serviceRoleSecret, superuserSecret } from '../postgres-roles';
import type { Problem } from '../problems';
import type { ShapeDependency, TopologyRule } from './types';

/**
 * The secrets topograph names for postgres passwords (the superuser's, one per service role) each
 * hold one password: `POSTGRES_CATALOG_PASSWORD` is both the role of service 'catalog' on
 * 'postgres' and the superuser of a dependency 'postgres-catalog'.
 */
export const passwordSecretClash: TopologyRule = {
  id: 'password-secret-clash',
  scope: 'topology',
  description: 'Each postgres password (a superuser, a service role) has a secret of its own name.',
  check({ shape, services, dependencies }) {
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
    const isPostgres = (d: ShapeDependency | undefined) => d?.type === 'postgres' && !d.external;
    for (const dep of dependencies.values()) if (isPostgres(dep)) claim(superuserSecret(dep.name), `the superuser of '${dep.name}'`);
    for (const edge of shape.edges) {
      if (services.has(edge.from) && isPostgres(dependencies.get(edge.to))) claim(serviceRoleSecret(edge.to, edge.from), `the role of '${edge.from}' on '${edge.to}'`);
    }
    return problems;
  },
};
