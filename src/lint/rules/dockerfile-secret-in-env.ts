import { secretLiteral } from '../checks';
import { keyValues } from '../parse/dockerfile';
import type { DockerfileRule } from '../types';

/** No secret values in ENV or ARG: both are stored in the image and visible in `docker history`. */
export const dockerfileSecretInEnv: DockerfileRule = {
  id: 'dockerfile-secret-in-env',
  kind: 'dockerfile',
  severity: 'error',
  description: 'A secret written in ENV or ARG is baked into the image layers and readable by anyone who can pull it.',
  fix: 'Remove the value; pass the secret at run time (environment, Docker/Kubernetes secret) or use RUN --mount=type=secret at build time.',
  check(file) {
    const all = [...file.preamble, ...file.stages.flatMap((s) => s.instructions)];
    return all
      .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
      .flatMap((i) =>
        keyValues(i).flatMap(({ key, value }) => {
          const why = secretLiteral(key, value);
          return why ? [{ message: `${i.keyword} ${why}`, line: i.line, service: file.service }] : [];
        }),
      );
  },
};
