import { scalarText } from '../checks';
import type { ComposeRule, Hit } from '../types';

/** No privileged containers and no added ALL / SYS_ADMIN capabilities. */
export const composePrivileged: ComposeRule = {
  id: 'compose-privileged',
  kind: 'compose',
  severity: 'error',
  description: 'A privileged container (or one given ALL or SYS_ADMIN capabilities) can take over the host.',
  fix: 'Remove privileged: true and the capability from cap_add; add only the narrow capability the program needs.',
  check(file) {
    const hits: Hit[] = [];
    for (const s of file.services) {
      if (s.config.privileged === true) hits.push({ message: `Service ${s.name} runs privileged`, line: s.lineOf(['privileged']), service: s.name });
      const added: unknown[] = Array.isArray(s.config.cap_add) ? s.config.cap_add : [];
      added.forEach((entry, i) => {
        const cap = scalarText(entry);
        if (cap !== undefined && /^(CAP_)?(ALL|SYS_ADMIN)$/i.test(cap)) hits.push({ message: `Service ${s.name} adds capability ${cap}`, line: s.lineOf(['cap_add', i]), service: s.name });
      });
    }
    return hits;
  },
};
