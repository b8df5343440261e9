/** The Go runtime: a static binary (CGO off) and a tiny static health probe on distroless. */
import { shellWord } from '../../../escape';
import { GO_PACKAGE } from '../../grammar';
import type { RuntimePack } from '../runtime';

/** The build-stage lines writing and building the probe program (its only argument: the URL or host:port). */
const probeLines = (imports: string, body: string): string[] => [
  `RUN printf '%s\\n' 'package main' 'import (${imports})' \\`,
  `    'func main() { ${body} }' \\`,
  '    > /tmp/healthcheck.go && cd /tmp && CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/healthcheck healthcheck.go',
];
const HTTP_PROBE = probeLines('"net/http"; "os"; "time"', 'c := http.Client{Timeout: 3 * time.Second}; r, err := c.Get(os.Args[1]); if err != nil || r.StatusCode >= 400 { os.Exit(1) }');
const TCP_PROBE = probeLines('"net"; "os"; "time"', 'c, err := net.DialTimeout("tcp", os.Args[1], 3*time.Second); if err != nil { os.Exit(1) }; c.Close()');

/** Go (golang images to build; distroless static, non-root, at run time). */
export const GO: RuntimePack = {
  name: 'go',
  title: 'Go',
  defaultVersion: '1.26',
  minimumVersion: { version: '1.20', reason: 'the build stage is golang:<version>-bookworm (Debian 12), published for Go 1.20 and later' },
  // go.dev/doc/devel/release#policy: a release is supported until two newer ones are out, so a
  // line ends when the one two after it is released (dates from go.dev; 1.28 as scheduled,
  // February 2027), read 1 December 2026.
  support: {
    source: 'go.dev/doc/devel/release#policy (supported until two newer releases exist)',
    lines: [
      { line: '1.19', end: '2023-08-08' },
      { line: '1.20', end: '2024-02-06' },
      { line: '1.21', end: '2024-08-13' },
      { line: '1.22', end: '2025-02-11' },
      { line: '1.23', end: '2025-08-12' },
      { line: '1.24', end: '2026-02-11' },
      { line: '1.25', end: '2026-08' },
      { line: '1.26', end: '2027-02' },
    ],
  },
  buildImage: (v) => `golang:${v}-bookworm`,
  runtimeImage: () => 'gcr.io/distroless/static-debian12:nonroot',
  defaultEntry: () => '.',
  entry: () => ({ pattern: GO_PACKAGE, expected: 'a go package: ".", "./cmd/api" or an import path such as "example.com/shop/cmd/api"' }),
  entryRule: 'a package, "." (default), "./cmd/api" or an import path',
  contextFiles: [
    { file: 'go.mod', create: () => 'run `go mod init <module path>`: the Dockerfile copies go.* and runs `go mod download`' },
    {
      file: 'go.sum',
      neededWhen: (read) => /^\s*require\b/m.test(read('go.mod') ?? ''),
      create: () => 'run `go mod tidy` to write go.sum: go.mod requires modules, and the build verifies them against it',
    },
  ],
  dockerignore: ['# Go (the binary is built inside the image)', 'bin/', '*.test', '*.out'],
  stages: (service) => ({
    workdir: '/src',
    dependencies: ['COPY go.* ./', 'RUN go mod download'],
    build: [
      'COPY . .',
      `RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ${shellWord(service.entry)}`,
      '# A tiny static health probe: the distroless runtime has no shell, curl or wget.',
      ...(service.probe?.kind === 'tcp' ? TCP_PROBE : HTTP_PROBE),
    ],
    runtimeCopy: ['COPY --from=build /out/ /app/'],
    runtimeEnv: {},
    hasShell: false,
    command: ['/app/app'],
  }),
  // The probe is a Go program built beside the app: http (GET the URL) or tcp (connect). No gRPC:
  // without a module (the build is offline-friendly and adds nothing to go.sum) net/http speaks
  // HTTP/2 in clear text only from Go 1.24; use kind "exec" with grpc_health_probe, or "none".
  probeKinds: ['http', 'tcp'],
  healthProbe: (check) => ['/app/healthcheck', check.kind === 'tcp' ? `127.0.0.1:${check.port}` : check.url],
};
