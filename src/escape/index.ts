/**
 * One escaping helper per target language. A graph value reaches generated text only through
 * these (docs/security.md): the schema gives every field a strict grammar, and each helper quotes
 * for its target, so a value that slips past one defence is stopped by the other.
 */
export { dotLabel, dotString, mermaidText } from './diagram';
export { dockerfileComment, dockerfileExecForm, dockerfileString } from './dockerfile';
export { shellQuote, shellWords } from './shell';
export { jsString, pythonString } from './source';
export { sqlIdentifier, sqlLiteral } from './sql';
export { terminalText } from './terminal';
export { assertPrintable, UNSAFE_CHARACTER, UnsafeValueError } from './text';
export { yamlDoubleQuoted } from './yaml';
