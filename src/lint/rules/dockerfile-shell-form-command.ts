import { isExecForm } from '../parse/dockerfile';
import type { DockerfileRule } from '../types';

/** CMD and ENTRYPOINT use exec (JSON) form, so the program is PID 1's child and gets signals. */
export const dockerfileShellFormCommand: DockerfileRule = {
  id: 'dockerfile-shell-form-command',
  kind: 'dockerfile',
  severity: 'warning',
  description: 'CMD or ENTRYPOINT in shell form runs under /bin/sh -c, which does not pass SIGTERM on: stops hang until killed.',
  fix: 'Write the command in exec form: CMD ["python", "-m", "app"].',
  check(file) {
    return file.stages.flatMap((stage) =>
      stage.instructions
        .filter((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && i.args.trim() !== '' && !isExecForm(i.args))
        .map((i) => ({ message: `${i.keyword} is in shell form: ${i.args.trim().slice(0, 60)}`, line: i.line, service: file.service })),
    );
  },
};
