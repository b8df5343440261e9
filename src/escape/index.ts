/**
 * One escaping helper per target language (and the terminal). A graph value reaches generated text only through
 * these (docs/security.md): the schema gives every field a strict grammar, and each helper quotes
 * for its target, so a value that slips past one defence is stopped by the other.
 */
export { diagramComment, dotLabel, dotString, mermaidText } from './diagram';
export { dockerfileComment, dockerfileExecForm, dockerfileLabelKey, dockerfileString, dockerfileWord } from './dockerfile';
export { composeLiteral, kubernetesExpansionLiteral, kubernetesVariableReference } from './interpolation';
export { shellName, shellQuote, shellWord, shellWords } from './shell';
export { jsString, phpString, pythonString, rubyString } from './source';
export { otelAttributeValue, otelResourceAttributes } from './otel';
export { mysqlIdentifier, mysqlLiteral, sqlIdentifier, sqlLiteral } from './sql';
export { terminalLine, terminalOutput, terminalText } from './terminal';
export { assertPrintable, UNSAFE_CHARACTER, UnsafeValueError } from './text';
export { YAML_UNSAFE, yamlComment, yamlDoubleQuoted } from './yaml';
