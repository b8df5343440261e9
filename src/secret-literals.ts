/**
 * Secret values written as literals: what graph validation refuses in a service's env and what the
 * lint rules flag in generated files, decided in one place. Pure functions over strings.
 */

/**
 * Names that hold a secret: ending in a password, secret, token, key or credentials word
 * (`DB_PASSWORD`, `JWT_SECRET`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `SECRET_KEY_BASE`), or in
 * the word `PASS`, `KEY` or `AUTH` (`DB_PASS`, `STRIPE_KEY`, `AUTH`), but not names merely about one
 * (`TOKEN_URL`, `PASSWORD_MIN_LENGTH`, `AUTH_URL`).
 */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)(_KEY)?(_BASE)?$|(?:^|_)(?:PASS|KEY|AUTH)$/i;

/** An HTTP credential written as a value: `Bearer …`, `Basic …` (the credential is the second word). */
const CREDENTIAL_VALUE = /^(?:Bearer|Basic)\s+(\S.*)$/i;

/**
 * A reference inside a longer value: compose `${X}` / `${X:?msg}`, Kubernetes `$(X)`; not one
 * escaped as `$${X}` / `$$(X)`. A value built from a secret template (`Bearer ${TOKEN:?…}`) holds one.
 */
const EMBEDDED_REFERENCE = /(?<!\$)\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?[?-][^}]*)?\}|\([A-Za-z_][A-Za-z0-9_]*\))/;

const STARTS_WITH_REFERENCE = new RegExp(`^${EMBEDDED_REFERENCE.source.replace('(?<!\\$)', '')}`);

/** Whether a value holds a reference to something supplied at run time anywhere in it. */
export function holdsReference(value: string): boolean {
  return EMBEDDED_REFERENCE.test(value);
}

/** Whether an environment variable name suggests a secret (`*_FILE` names point at files, not values). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !/_FILE$/i.test(name);
}

/** Whether a value is only a reference to something supplied at run time (`${X}`, `$X`, `${X:?msg}`, Kubernetes `$(X)`). */
export function isReference(value: string): boolean {
  return /^\$(\{[^}]*\}|\([A-Za-z_][A-Za-z0-9_]*\)|[A-Za-z_][A-Za-z0-9_]*)$/.test(value.trim());
}

/** A password written into a URL (`scheme://user:password@host`), unless it is a reference. */
export function urlPassword(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/i.exec(value.trim());
  if (!match || /^\$[({A-Za-z_]/.test(match[1])) return undefined;
  return match[1];
}

/**
 * Why an environment entry holds a secret literal, or undefined when it does not: a secret-like
 * name with a non-empty literal value, or a URL with a literal password.
 */
export function secretLiteral(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (isSecretName(name) && !isReference(value) && !holdsReference(value)) return `${name} is set to a literal value`;
  if (urlPassword(value) !== undefined) return `${name} has a password written into its URL`;
  const credential = CREDENTIAL_VALUE.exec(value.trim());
  if (credential && !STARTS_WITH_REFERENCE.test(credential[1])) return `${name} holds an HTTP credential ("${value.trim().split(/\s/)[0]} …")`;
  return undefined;
}
