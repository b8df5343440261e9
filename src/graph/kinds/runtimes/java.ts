/**
 * The Java runtime: Maven or Gradle (whichever build file the context has), one runnable jar, a
 * JRE at run time and a compiled health probe (the JRE image is not meant to ship curl, and has
 * no compiler to run a source file).
 */
import { dockerfileWord, shellWord } from '../../../escape';
import { CONTEXT_DIRECTORY } from '../../grammar';
import { type ContextFile, type DockerfileStages, type RuntimePack, type RuntimeService, writeFileInstruction } from '../runtime';

/** The build files whose presence decides the build tool (a Gradle build may add settings and properties). */
const BUILD_FILES = /^(?:pom\.xml|build\.gradle(?:\.kts)?|settings\.gradle(?:\.kts)?|gradle\.properties)$/;

/** Maven when the context has pom.xml (or no build file yet), Gradle when it has build.gradle(.kts) and no pom.xml. */
export function javaBuildTool(detected: readonly string[] = []): 'maven' | 'gradle' {
  return !detected.includes('pom.xml') && detected.some((f) => f.startsWith('build.gradle')) ? 'gradle' : 'maven';
}

const contextFiles: readonly ContextFile[] = [
  {
    file: 'pom.xml',
    matches: /^(?:pom\.xml|build\.gradle(?:\.kts)?)$/,
    create: () =>
      'add the build file: pom.xml for Maven (e.g. from start.spring.io or `mvn archetype:generate`) or build.gradle(.kts) for Gradle (`gradle init`); the Dockerfile resolves its dependencies before copying the sources',
  },
];

/**
 * The probe, compiled in the first stage: `HealthCheck <url> <seconds>` exits 0 when the URL
 * answers below 400, `HealthCheck tcp:<port> <seconds>` when the port accepts a connection.
 * Only java.base: it runs on any JRE.
 */
const PROBE_SOURCE = [
  'import java.net.HttpURLConnection;',
  'import java.net.InetSocketAddress;',
  'import java.net.Socket;',
  'import java.net.URI;',
  'public class HealthCheck {',
  '  public static void main(String[] args) throws Exception {',
  '    int timeout = Integer.parseInt(args[1]) * 1000;',
  '    if (args[0].startsWith("tcp:")) {',
  '      try (Socket socket = new Socket()) {',
  '        socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0].substring(4))), timeout);',
  '      }',
  '      return;',
  '    }',
  '    HttpURLConnection connection = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();',
  '    connection.setConnectTimeout(timeout);',
  '    connection.setReadTimeout(timeout);',
  '    System.exit(connection.getResponseCode() < 400 ? 0 : 1);',
  '  }',
  '}',
];

const PROBE_COMMAND = ['java', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', '/app/healthcheck', 'HealthCheck'];

/** HTTP check: GET `url` within `timeoutSeconds`, exit 0 below 400. */
export function javaHttpProbe(url: string, timeoutSeconds: number): string[] {
  return [...PROBE_COMMAND, url, String(timeoutSeconds)];
}

/** TCP check: connect to `port` on 127.0.0.1 within `timeoutSeconds`. */
export function javaTcpProbe(port: number, timeoutSeconds: number): string[] {
  return [...PROBE_COMMAND, `tcp:${port}`, String(timeoutSeconds)];
}

/** Copies the one runnable jar the build wrote to `dir` to /out/app.jar (plain, sources, javadoc and shade's original-* left out). */
function pickJar(dir: string): string[] {
  const d = shellWord(dir);
  return [
    `RUN jars="$(find ${d} -maxdepth 1 -type f -name '*.jar' ! -name '*-plain.jar' ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name 'original-*')" \\`,
    `    && if [ "$(printf '%s\\n' "$jars" | grep -c .)" != 1 ]; then echo "expected one runnable jar in ${d}, found: \${jars:-none} (set the service's entry to the directory holding it)" >&2; exit 1; fi \\`,
    '    && mkdir -p /out && cp "$jars" /out/app.jar',
  ];
}

function stages(service: RuntimeService): DockerfileStages {
  const tool = javaBuildTool(service.detectedFiles);
  const gradleFiles = (service.detectedFiles ?? []).filter((f) => f !== 'pom.xml');
  const dependencies =
    tool === 'maven'
      ? ['COPY pom.xml ./', 'RUN mvn --batch-mode --no-transfer-progress dependency:go-offline']
      : [
          `COPY ${gradleFiles.map(dockerfileWord).join(' ')} ./`,
          '# Best effort: a build that needs more than these files (a version catalog, subprojects) resolves the rest in the build stage.',
          'RUN gradle --no-daemon --quiet dependencies > /dev/null 2>&1 || echo "gradle: dependencies not all resolved before the sources are copied"',
        ];
  const build =
    tool === 'maven'
      ? ['COPY . .', 'RUN mvn --batch-mode --no-transfer-progress -DskipTests package']
      : ['COPY . .', 'RUN gradle --no-daemon -x test assemble'];
  return {
    workdir: '/src',
    dependencies: [
      '# The health probe (the JRE image is not meant to ship curl or wget, and has no compiler for a source file).',
      ...writeFileInstruction('/opt/healthcheck/HealthCheck.java', PROBE_SOURCE, 'javac -d /opt/healthcheck /opt/healthcheck/HealthCheck.java'),
      ...dependencies,
    ],
    build: [...build, ...pickJar(service.entry)],
    runtimeCopy: ['COPY --from=dependencies /opt/healthcheck/ /app/healthcheck/', 'COPY --from=build /out/app.jar /app/app.jar'],
    runtimeEnv: service.framework === 'spring-boot' && service.port !== undefined ? { SERVER_PORT: String(service.port) } : {},
    hasShell: true,
    command: ['java', '-XX:MaxRAMPercentage=75', '-jar', '/app/app.jar'],
  };
}

/** Java (Eclipse Temurin: the maven or gradle image to build, the JRE at run time). */
export const JAVA: RuntimePack = {
  name: 'java',
  title: 'Java',
  defaultVersion: '21',
  minimumVersion: { version: '17', reason: 'the build images run Maven 3.9 and Gradle 9, and Gradle 9 needs Java 17 or later' },
  // adoptium.net/support (Temurin): LTS lines are supported "at least" until the dates given there;
  // a feature release ends when the next one is out (six months later). Read 1 December 2026.
  support: {
    source: 'adoptium.net/support (Eclipse Temurin release roadmap)',
    lines: [
      { line: '17', end: '2027-10' },
      { line: '18', end: '2022-09' },
      { line: '19', end: '2023-03' },
      { line: '20', end: '2023-09' },
      { line: '21', end: '2029-12' },
      { line: '22', end: '2024-09' },
      { line: '23', end: '2025-03' },
      { line: '24', end: '2025-09' },
      { line: '25', end: '2031-09' },
      { line: '26', end: '2026-09' },
      { line: '27', end: '2027-03' },
    ],
  },
  buildImage: (v, detected) => (javaBuildTool(detected) === 'gradle' ? `gradle:9-jdk${v}` : `maven:3.9-eclipse-temurin-${v}`),
  runtimeImage: (v) => `eclipse-temurin:${v}-jre-noble`,
  frameworks: ['spring-boot'],
  detectFiles: BUILD_FILES,
  defaultEntry: (_framework, detected) => (javaBuildTool(detected) === 'gradle' ? 'build/libs' : 'target'),
  entry: () => ({
    pattern: CONTEXT_DIRECTORY,
    expected: 'the directory the build writes the runnable jar to, relative to the context, e.g. "target" or "api/build/libs" (no "..", not starting with "-")',
  }),
  entryRule: 'the directory holding the one runnable jar the build writes: "target" (Maven, default) or "build/libs" (Gradle, default)',
  contextFiles,
  dockerignore: ['# Java (the jar is built inside the image)', 'target/', 'build/', '.gradle/', '.mvn/wrapper/maven-wrapper.jar', '*.class', '*.log'],
  stages,
  healthProbe: (check) => javaHttpProbe(check.url, check.timeoutSeconds),
};
