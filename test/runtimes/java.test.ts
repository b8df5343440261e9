/** The java runtime: Maven or Gradle from the context's build file, a JRE at run time, a compiled probe. */
import { javaHttpProbe, javaTcpProbe } from '../../src/graph/kinds/runtimes/java';
import { api, dockerfileFindings, dockerfileOf, expectHardened, healthcheckCommand, loadProblems, project, serviceProblems, synthIn } from './helpers';

const maven = { 'api/pom.xml': '<project/>' };
const gradle = { 'api/build.gradle.kts': '', 'api/settings.gradle.kts': '' };

describe('java', () => {
  it('builds a Maven project (pom.xml): snapshot', () => {
    const dockerfile = dockerfileOf(maven, api('java', { framework: 'spring-boot' }));
    expect(dockerfile).toMatchSnapshot();
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/maven:3\.9-eclipse-temurin-21 AS dependencies$/m);
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/eclipse-temurin:21-jre-noble AS runtime$/m);
    expectHardened(dockerfile, /^COPY pom\.xml \.\/$/);
    expect(dockerfile).toMatch(/^RUN mvn .*dependency:go-offline$/m);
    expect(dockerfile).toContain('find target -maxdepth 1');
    expect(dockerfile).toMatch(/^ENV SERVER_PORT=8080 \\$/m); // spring-boot reads it
  });

  it('builds a Gradle project (build.gradle.kts, no pom.xml) with the gradle image and the files it has', () => {
    const dockerfile = dockerfileOf(gradle, api('java'));
    expect(dockerfile).toMatchSnapshot();
    expect(dockerfile).toMatch(/^FROM docker\.io\/library\/gradle:9-jdk21 AS dependencies$/m);
    expectHardened(dockerfile, /^COPY build\.gradle\.kts settings\.gradle\.kts \.\/$/);
    expect(dockerfile).toContain('find build/libs -maxdepth 1');
    expect(dockerfile).not.toContain('SERVER_PORT');
  });

  it('prefers Maven when the context has both build files', () => {
    expect(dockerfileOf({ ...maven, ...gradle }, api('java'))).toMatch(/maven:3\.9-eclipse-temurin-21 AS dependencies/);
  });

  it('probes with a class compiled in the JDK stage and run by the JRE (which has no curl and no compiler)', () => {
    const dockerfile = dockerfileOf(maven, api('java', { runtimeVersion: '25', health: { path: '/actuator/health' } }));
    expect(dockerfile).toContain('javac -d /opt/healthcheck /opt/healthcheck/HealthCheck.java');
    expect(dockerfile).toContain('COPY --from=dependencies /opt/healthcheck/ /app/healthcheck/');
    expect(healthcheckCommand(dockerfile)).toEqual(javaHttpProbe('http://127.0.0.1:8080/actuator/health', 3));
    expect(javaHttpProbe('http://127.0.0.1:8080/health', 3).slice(0, 6)).toEqual(['java', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', '/app/healthcheck', 'HealthCheck']);
    expect(javaTcpProbe(9000, 5).slice(-2)).toEqual(['tcp:9000', '5']);
    for (const arg of [...javaHttpProbe('http://127.0.0.1:8080/health', 3), ...javaTcpProbe(1, 1)]) expect(arg).not.toMatch(/\s/);
  });

  it('passes lint', () => {
    const { dir, graph } = project({ ...maven, 'web/build.gradle': '' }, [api('java', { framework: 'spring-boot' }), api('java', { name: 'web', port: 8081, build: { context: 'web' } })]);
    expect(dockerfileFindings(synthIn(dir, graph))).toEqual([]);
  });

  it('needs pom.xml or build.gradle(.kts) in the context', () => {
    expect(loadProblems({ 'api/src/Main.java': '' }, [api('java')])).toEqual([
      expect.objectContaining({ message: 'Build context of api has no pom.xml', action: expect.stringMatching(/pom\.xml for Maven .* build\.gradle\(\.kts\) for Gradle/) }),
    ]);
    expect(loadProblems(gradle, [api('java')])).toEqual([]);
    expect(loadProblems(maven, [api('java')])).toEqual([]);
  });

  it.each(['../target', '$(id)', 'target;rm', 'a b', '-x', 'target/../..'])('refuses the entry %j', (entry) => {
    expect(serviceProblems(api('java', { entry }))).toContainEqual(expect.objectContaining({ message: 'Invalid entry for api (java)' }));
  });

  it('refuses a line older than 17', () => {
    expect(serviceProblems(api('java', { runtimeVersion: '11' }))).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/Java 11/) }));
  });
});
