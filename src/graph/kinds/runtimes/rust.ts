/**
 * The Rust runtime: dependencies compiled against a stand-in main (cached until Cargo.toml or
 * Cargo.lock change), the release binary on distroless cc (glibc, no shell), and a tiny
 * std-only health probe compiled beside it.
 */
import { shellWord } from '../../../escape';
import { RUST_BINARY } from '../../grammar';
import { type ContextFile, type DockerfileStages, copyContextFiles, type RuntimePack, type RuntimeService, writeFileInstruction } from '../runtime';

const contextFiles: readonly ContextFile[] = [
  { file: 'Cargo.toml', create: () => 'run `cargo init` to write Cargo.toml: the Dockerfile builds the dependencies from Cargo.toml and Cargo.lock first' },
  { file: 'Cargo.lock', create: () => 'run `cargo generate-lockfile` (or any `cargo build`) to write Cargo.lock: the Dockerfile builds with `--locked`' },
];

/**
 * The probe: `healthcheck http <port> <seconds> <path>` exits 0 when GET <path> on 127.0.0.1
 * answers below 400, `healthcheck tcp <port> <seconds>` when the port accepts a connection.
 */
const PROBE_SOURCE = [
  'use std::io::{Read, Write};',
  'use std::net::{SocketAddr, TcpStream};',
  'use std::time::Duration;',
  'fn check(args: &[String]) -> Option<bool> {',
  '    let timeout = Duration::from_secs(args.get(3)?.parse().ok()?);',
  '    let address = SocketAddr::from(([127, 0, 0, 1], args.get(2)?.parse().ok()?));',
  '    let mut stream = TcpStream::connect_timeout(&address, timeout).ok()?;',
  '    if args.get(1)? == "tcp" {',
  '        return Some(true);',
  '    }',
  '    stream.set_read_timeout(Some(timeout)).ok()?;',
  '    stream.set_write_timeout(Some(timeout)).ok()?;',
  '    write!(stream, "GET {} HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n", args.get(4)?).ok()?;',
  '    let mut head = [0u8; 12];',
  '    stream.read_exact(&mut head).ok()?;',
  '    let status: u16 = std::str::from_utf8(&head[9..12]).ok()?.parse().ok()?;',
  '    Some(status < 400)',
  '}',
  'fn main() {',
  '    let args: Vec<String> = std::env::args().collect();',
  '    std::process::exit(if check(&args).unwrap_or(false) { 0 } else { 1 });',
  '}',
];

/** HTTP check: GET `path` on `port` within `timeoutSeconds`, exit 0 below 400. */
export function rustHttpProbe(port: number, path: string, timeoutSeconds: number): string[] {
  return ['/app/healthcheck', 'http', String(port), String(timeoutSeconds), path];
}

/** TCP check: connect to `port` on 127.0.0.1 within `timeoutSeconds`. */
export function rustTcpProbe(port: number, timeoutSeconds: number): string[] {
  return ['/app/healthcheck', 'tcp', String(port), String(timeoutSeconds)];
}

function stages(service: RuntimeService): DockerfileStages {
  const bin = service.entry === '.' ? '' : ` --bin ${shellWord(service.entry)}`;
  return {
    workdir: '/src',
    dependencies: [
      '# The health probe (distroless has no shell, curl or wget): std only.',
      ...writeFileInstruction('/opt/healthcheck/main.rs', PROBE_SOURCE, 'rustc --edition 2021 -O -o /opt/healthcheck/healthcheck /opt/healthcheck/main.rs'),
      copyContextFiles(contextFiles),
      '# Dependencies, compiled against a stand-in main: this layer stays cached until the manifests change.',
      `RUN mkdir -p src && printf 'fn main() {}\\n' > src/main.rs && cargo build --release --locked && rm -rf src`,
    ],
    build: [
      'COPY . .',
      '# Newer than the stand-in, so cargo rebuilds the package itself whatever the sources\' times.',
      "RUN find . -path ./target -prune -o -name '*.rs' -exec touch {} + \\",
      `    && cargo install --path . --locked --root /out${bin} \\`,
      '    && set -- /out/bin/* && if [ "$#" != 1 ]; then echo "expected one binary, found: $* (set the service\'s entry to its name)" >&2; exit 1; fi \\',
      '    && mv "$1" /out/app',
    ],
    runtimeCopy: ['COPY --from=dependencies /opt/healthcheck/healthcheck /app/healthcheck', 'COPY --from=build /out/app /app/app'],
    runtimeEnv: {},
    hasShell: false,
    command: ['/app/app'],
  };
}

/** Rust (rust slim images on Debian 13 to build; distroless cc, Debian 13, at run time). */
export const RUST: RuntimePack = {
  name: 'rust',
  title: 'Rust',
  defaultVersion: '1',
  minimumVersion: { version: '1.85', reason: 'packages of edition 2024 (what `cargo new` writes since Rust 1.85) need it' },
  // Only the latest stable release is supported (rust-lang.org/policies/security, forge.rust-lang.org
  // release schedule): a line ends when the next one is out, every six weeks from 1.85
  // (20 February 2025); read 1 December 2026. "1" follows the latest 1.x and never warns.
  support: {
    source: 'forge.rust-lang.org (six-week releases; only the latest stable gets fixes)',
    lines: [
      { line: '1.85', end: '2025-04-03' },
      { line: '1.86', end: '2025-05-15' },
      { line: '1.87', end: '2025-06-26' },
      { line: '1.88', end: '2025-08-07' },
      { line: '1.89', end: '2025-09-18' },
      { line: '1.90', end: '2025-10-30' },
      { line: '1.91', end: '2025-12-11' },
      { line: '1.92', end: '2026-01-22' },
      { line: '1.93', end: '2026-03-05' },
      { line: '1.94', end: '2026-04-16' },
      { line: '1.95', end: '2026-05-28' },
      { line: '1.96', end: '2026-07-09' },
      { line: '1.97', end: '2026-08-20' },
      { line: '1.98', end: '2026-10-01' },
      { line: '1.99', end: '2026-11-12' },
      { line: '1.100', end: '2026-12-24' },
    ],
  },
  buildImage: (v) => `rust:${v}-slim-trixie`,
  runtimeImage: () => 'gcr.io/distroless/cc-debian13:nonroot',
  defaultEntry: () => '.',
  entry: () => ({ pattern: RUST_BINARY, expected: '"." (the package\'s one binary) or the name of one of its binaries, e.g. "server"' }),
  entryRule: 'the binary to run: "." (default, the package\'s only binary) or a [[bin]] name',
  contextFiles,
  dockerignore: ['# Rust (the binary is built inside the image)', 'target/', '**/*.rs.bk'],
  stages,
  healthProbe: (check) => rustHttpProbe(check.port, check.path, check.timeoutSeconds),
};
