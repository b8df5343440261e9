/** A compose file as rules see it: each service's settings and a way to find their lines. */
import { LineCounter, parseDocument } from 'yaml';
import { lineAt, type YamlPath } from './yaml-lines';

export interface ComposeService {
  readonly name: string;
  /** The service's mapping as plain data. */
  readonly config: Record<string, unknown>;
  /** Line of a key under this service (`['deploy', 'resources']`), or of the service itself. */
  lineOf(path?: YamlPath): number | undefined;
}

export interface ComposeFile {
  readonly path: string;
  readonly services: readonly ComposeService[];
}

/** Thrown for text that is not YAML or not a compose mapping; the engine reports it as a finding. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    public readonly line?: number,
  ) {
    super(message);
  }
}

export function parseCompose(path: string, text: string): ComposeFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const error = doc.errors[0];
    throw new UnreadableFileError(`not valid YAML: ${error.message.split('\n')[0]}`, counter.linePos(error.pos[0]).line);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return { path, services: [] };
  if (typeof data !== 'object' || Array.isArray(data)) throw new UnreadableFileError('not a compose file: the top level is not a mapping', 1);
  const services = (data as Record<string, unknown>).services;
  if (services === undefined || services === null) return { path, services: [] };
  if (typeof services !== 'object' || Array.isArray(services)) {
    throw new UnreadableFileError('not a compose file: "services" is not a mapping', lineAt(doc, counter, ['services']));
  }
  return {
    path,
    services: Object.entries(services as Record<string, unknown>).map(([name, config]) => ({
      name,
      config: config && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : {},
      lineOf: (sub: YamlPath = []) => lineAt(doc, counter, ['services', name, ...sub]),
    })),
  };
}
