/**
 * The grammar of every value a graph (or `specs/assertions.json`, or a construct's props) may
 * hold, defined once: each kind of value has one pattern, used by the zod schemas (and so by the
 * JSON Schemas generated from them), by the construct door and by the error messages. A value
 * outside its grammar is refused before anything is rendered; the renderers still quote every
 * value for their target (src/escape/), so a value that slips past one defence meets the other.
 * See docs/security.md and the "Grammar" section of docs/topology-graph.md.
 *
 * Every pattern here is built once, at load time, and runs in linear time (no nested
 * quantifiers over overlapping classes), so validation stays cheap on large graphs.
 */
import { z } from 'zod';
import { codePointName, UNSAFE_OR_TAB } from '../escape/text';

/**
 * Free text (descriptions, reasons, label and env values, command arguments): any character but
 * the ones no generated file may hold raw — C0 controls (tab included), DEL, C1 controls (U+0085
 * among them), U+2028/U+2029, the BOM U+FEFF, the non-characters U+FFFE/U+FFFF and lone UTF-16
 * surrogates. Written so that it means the same with and without the regex `u` flag (the JSON
 * Schema's readers use it), see {@link UNSAFE_OR_TAB} for the same set as a search.
 */
export const FREE_TEXT =
  /^(?:[^\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/**
 * RFC 1123 label: usable as a compose service, DNS host and Kubernetes object name. `constructor`
 * is reserved: the constructs library keeps children in a plain object, so no construct can have
 * that id (and names are construct ids).
 */
export const DNS_LABEL = /^(?!constructor$)[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** A port name: a DNS label of at most 15 characters (the Kubernetes port-name rule, IANA_SVC_NAME). */
export const PORT_NAME = /^(?!constructor$)(?!.*--)[a-z](?:[-a-z0-9]{0,13}[a-z0-9])?$/;
/** A grpc.health.v1 service name: "" (the whole server), or a letter or "_" then letters, digits, ".", "_" and "-", at most 200 characters. */
export const GRPC_SERVICE = /^(?:[A-Za-z_][A-Za-z0-9_.-]{0,199})?$/;

/** POSIX environment variable name. `__proto__` is refused: JavaScript objects drop that key silently. */
export const ENV_NAME = /^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** Image label key: lower-case reverse DNS, e.g. `com.example.team`. */
export const LABEL_KEY = /^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$/;

/** A version line: `3.12`, `24`, `1.22.3`. */
export const VERSION_LINE = /^\d{1,4}(?:\.\d{1,4}){0,3}$/;

/** An image digest: `sha256:` and 64 lower-case hex digits (what registries and `docker pull` print). */
export const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * A version line with an optional image digest: `16`, `16@sha256:<64 lower-hex>` (the image of
 * that line, pinned to the digest; docs/topology-graph.md#image-digests).
 */
export const PINNED_VERSION = /^\d{1,4}(?:\.\d{1,4}){0,3}(?:@sha256:[0-9a-f]{64})?$/;

/** A release version: image tag and label (letters, digits, `.`, `_`, `-`; at most 128). */
export const RELEASE_VERSION = /^[0-9A-Za-z][\w.-]{0,127}$/;

/** A UTC timestamp such as `2026-01-31T12:00:00Z`, with a real month, day and time of day. */
export const UTC_TIMESTAMP = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** The characters RFC 3986 allows in a URI, and nothing else (no space, quote, `<>`, `\`, `^`, backtick, `{|}`). */
const URI_CHARACTERS = "[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]";

/** An absolute URL with a scheme: `https://github.com/acme/shop`. */
export const ABSOLUTE_URL = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]{0,31}://${URI_CHARACTERS}{1,2000}$`);

/** A URI reference (a relative path or a URL), e.g. the `$schema` of a file. */
export const URI_REFERENCE = new RegExp(`^${URI_CHARACTERS}{1,2048}$`);

/**
 * An HTTP path with an optional query: `/` then unreserved characters (`A-Z a-z 0-9 / . _ ~ -`)
 * and percent escapes (`%2F`); after `?` also `=`, `&` and `+`.
 */
export const HTTP_PATH = /^\/(?:[A-Za-z0-9/._~-]|%[0-9A-Fa-f]{2}){0,1000}(?:\?(?:[A-Za-z0-9/._~=&+-]|%[0-9A-Fa-f]{2}){0,1000})?$/;

/** One segment of a file path: portable file-name characters and space, not starting with `-`. */
const PATH_SEGMENT = '[A-Za-z0-9._@+~][A-Za-z0-9 ._@+~-]{0,254}';

/**
 * A directory on the build machine: POSIX path segments of portable file-name characters
 * (letters, digits, space, `.`, `_`, `-`, `@`, `+`, `~`), separated by `/`. No backslash, quote,
 * `$`, glob or control character.
 */
export const BUILD_CONTEXT = new RegExp(`^/?${PATH_SEGMENT}(?:/${PATH_SEGMENT})*/?$`);

/**
 * A file inside a build context, relative to it: `Dockerfile`, `docker/Dockerfile.prod`. Segments
 * as in BUILD_CONTEXT, none `.` or `..`, no leading `/`: it cannot leave the context.
 */
export const CONTEXT_FILE = new RegExp(`^(?!\\.\\.?(?:/|$))(?!.*/\\.\\.?(?:/|$))${PATH_SEGMENT}(?:/${PATH_SEGMENT})*$`);

/** An absolute directory inside a container: `/var/lib/rabbitmq` (no `..`, no space, no colon). */
export const CONTAINER_PATH = /^(?!.*\/\.\.?(?:\/|$))\/[A-Za-z0-9._@+~-]+(?:\/[A-Za-z0-9._@+~-]+)*\/?$/;

/** `entry` of a python service with a web framework: `module:attribute`, e.g. `app.main:app`. */
export const PYTHON_APP = /^[A-Za-z_][A-Za-z0-9_]{0,99}(?:\.[A-Za-z_][A-Za-z0-9_]{0,99}){0,20}:[A-Za-z_][A-Za-z0-9_]{0,99}$/;
/** `entry` of a python program without a framework: a module run with `python -m`, e.g. `app.worker`. */
export const PYTHON_MODULE = /^[A-Za-z_][A-Za-z0-9_]{0,99}(?:\.[A-Za-z_][A-Za-z0-9_]{0,99}){0,20}$/;
/**
 * `entry` of a node or bun service: a file relative to the build context, e.g. `dist/index.js` or
 * `./src/main.ts`; segments of portable file-name characters, none `.` or `..`, not starting with `-`.
 */
export const SOURCE_FILE = /^(?:\.\/)?(?!\.\.?(?:\/|$))[A-Za-z0-9_@+~][A-Za-z0-9._@+~-]{0,254}(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._@+~-]{1,255}){0,30}$/;
/** `entry` of a go service: a package, `.`, `./cmd/server` or an import path, e.g. `example.com/shop/cmd/api`. */
export const GO_PACKAGE = /^(?:\.|(?:\.\/)?(?!\.\.?(?:\/|$))[A-Za-z0-9_~][A-Za-z0-9._~-]{0,254}(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]{1,255}){0,30})$/;
/** A directory relative to the build context: ".", "dist", "./public", "api/target" (no "..", not starting with "-"). */
export const CONTEXT_DIRECTORY = /^(?:\.|(?:\.\/)?(?!\.\.?(?:\/|$))[A-Za-z0-9_@+~][A-Za-z0-9._@+~-]{0,254}(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._@+~-]{1,255}){0,30})$/;
/** A project or program name: a letter or "_", then letters, digits, "_", "-" and single dots, e.g. "Shop.Api" (no "/", no ".."). */
export const PROGRAM_NAME = /^(?!.*\.\.)[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
/** `entry` of a rust service: "." (the package's one binary) or a binary name, e.g. "server". */
export const RUST_BINARY = /^(?:\.|[A-Za-z_][A-Za-z0-9_-]{0,63})$/;
/** Every `entry` matches this before its runtime's own grammar is checked. */
export const ENTRY = /^(?!-)[A-Za-z0-9._@+~:/-]{1,1000}$/;

/** A path component of an image reference (lower-case, separators `.`, `_`, `__`, `-`). */
const IMAGE_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
/** A registry host, with an optional port. */
const IMAGE_DOMAIN = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?';

/** A registry prefix for built images: `ghcr.io/acme`, `registry.example.com:5000/team`. */
export const REGISTRY = new RegExp(`^(?=.{1,255}$)${IMAGE_DOMAIN}(?:/${IMAGE_COMPONENT})*$`);

/** An image reference as Docker parses it: `[registry/]path[:tag][@digest]`, e.g. `postgres:17`. */
export const IMAGE = new RegExp(
  `^(?=.{1,512}$)(?:${IMAGE_DOMAIN}/)?${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,128})?$`,
);

/** A five-field cron schedule (`0 3 * * *`): fields of digits, letters, `*`, `/`, `,`, `-`, `?`, separated by spaces. */
export const CRON = /^[0-9A-Za-z*/,?-]{1,100}(?: {1,4}[0-9A-Za-z*/,?-]{1,100}){4}$/;

/** A lower-case kind name (a dependency type such as `rabbitmq`). */
export const KIND_NAME = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A URL scheme, e.g. `amqp`. */
export const URL_SCHEME = /^[a-z][a-z0-9+.-]{0,31}$/;

/** A user name inside a URL: unreserved characters only. */
export const URL_USER = /^[A-Za-z0-9._~-]{1,63}$/;

/** The path of a connection URL after the host, without the leading `/`. */
export const URL_PATH = /^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9/._~-]|%[0-9A-Fa-f]{2}){0,254}$/;

/** Longest free text of one line (descriptions, reasons, label values). */
export const MAX_LINE = 1000;
/** Longest plain environment value and command argument. */
export const MAX_VALUE = 32 * 1024;

/** Where a value breaks its free-text grammar, for messages: `U+000A at position 12`. */
export function unsafeCharacter(value: string): string | undefined {
  const match = UNSAFE_OR_TAB.exec(value);
  return match ? `${codePointName(match[0])} at position ${match.index + 1}` : undefined;
}

const FREE_TEXT_RULE =
  'no control characters: no line break of any kind (LF, CR, U+0085, U+2028, U+2029), tab, NUL, DEL, C1 control, BOM, U+FFFE/U+FFFF or lone surrogate';

/** Free text on one line, with `what` saying what it is for. */
export function freeText(what: string, max = MAX_LINE): z.ZodString {
  return z
    .string()
    .max(max)
    .regex(FREE_TEXT)
    .describe(`${what} Free text of at most ${max} characters; ${FREE_TEXT_RULE}.`);
}

/** `billing-api` → `BILLING_API`: the prefix of the environment variables named after a service or dependency. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** The rule free text follows, for docs and messages. */
export const FREE_TEXT_EXPECTED = `one line of text with ${FREE_TEXT_RULE}`;
