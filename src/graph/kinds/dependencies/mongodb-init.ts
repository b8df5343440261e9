/**
 * The init script of a mongodb dependency: for each service that uses it, a user named like the
 * service in the service's database (the edge's `database`, else the service's name) with the
 * `dbOwner` role on that database only (docs/topology-graph.md#mongodb).
 *
 * A shell script running mongosh, because the passwords are never written into a file: mongosh
 * reads them from the container's environment (`process.env`, compose `${…:?}`, Kubernetes
 * `secretKeyRef`). Every other value reaches the JavaScript as a string literal through
 * src/escape/ (`jsString`), and the program reaches bash as a quoted here-document. Users are
 * created when missing and updated otherwise, so it runs on an empty data directory (the image's
 * entrypoint sources it once, after creating the root user, while mongod listens on 127.0.0.1
 * only) and again on every `./start.sh`. One command, no `set`, no `exit`.
 */
import { assertPrintable, jsString, shellName } from '../../../escape';
import { ENV_NAME } from '../../grammar';
import { serviceRole, serviceRoleSecret } from '../../postgres-roles';
import { GENERATED_MARKER } from '../../../marker';
import { compareStrings } from '../../../sort';

/** One service that uses the dependency, and the database it owns. */
export interface MongodbUser {
  readonly service: string;
  readonly database: string;
}

/** Name of the init script in `/docker-entrypoint-initdb.d`. */
export const MONGODB_INIT_SCRIPT = '01-users.sh';

/** The root user the image is initialised with (MONGO_INITDB_ROOT_USERNAME). */
export const MONGODB_ROOT_USER = 'root';

const HEREDOC = 'TOPOGRAPH_JS';

/** The script, for `users` of mongodb dependency `dependency` (any order: output is sorted). */
export function renderMongodbInit(dependency: string, users: readonly MongodbUser[]): string {
  const pairs = [...new Map(users.map((u) => [`${u.database}\u0000${u.service}`, u])).values()].sort(
    (a, b) => compareStrings(a.database, b.database) || compareStrings(a.service, b.service),
  );
  const entries = pairs.map((u) => {
    const secret = serviceRoleSecret(dependency, u.service);
    if (!ENV_NAME.test(secret)) throw new RangeError(`not a variable name: ${JSON.stringify(secret)}`);
    return `  { database: ${jsString(u.database)}, user: ${jsString(serviceRole(u.service))}, secret: ${jsString(secret)} },`;
  });
  const js = [
    '// Each service: its own user in its own database, owning that database and nothing else.',
    'const topographUsers = [',
    ...entries,
    '];',
    'for (const u of topographUsers) {',
    '  const pwd = process.env[u.secret];',
    '  if (!pwd) throw new Error(`${u.secret} is not set`);',
    '  const target = db.getSiblingDB(u.database);',
    '  const roles = [{ role: "dbOwner", db: u.database }];',
    '  if (target.getUser(u.user) === null) target.createUser({ user: u.user, pwd, roles });',
    '  else target.updateUser(u.user, { pwd, roles });',
    '}',
  ];
  for (const line of js) {
    assertPrintable(line, 'a JavaScript program');
    if (line === HEREDOC) throw new RangeError('JavaScript line equal to the here-document delimiter');
  }
  return [
    '#!/usr/bin/env bash',
    `# ${GENERATED_MARKER} — do not edit`,
    `# Users of the services that use '${shellName(dependency)}': each service logs in to its own database as its own`,
    '# user, which owns that database only. Passwords come from the container environment, never from this file.',
    '# Creates what is missing and updates the rest, so it is safe to run again: the image runs it on an empty',
    '# data directory, and ./start.sh (where topograph writes one) on every start.',
    'mongosh --quiet --norc --host 127.0.0.1 --port 27017 --authenticationDatabase admin \\',
    '  --username "${MONGO_INITDB_ROOT_USERNAME:?MONGO_INITDB_ROOT_USERNAME is not set}" \\',
    '  --password "${MONGO_INITDB_ROOT_PASSWORD:?MONGO_INITDB_ROOT_PASSWORD is not set}" \\',
    `  --eval "$(cat <<'${HEREDOC}'`,
    ...js,
    HEREDOC,
    ')"',
    '',
  ].join('\n');
}
