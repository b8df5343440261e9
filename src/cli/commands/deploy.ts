/**
 * `topograph deploy [build|push]`: spec-driven deployment of one project directory (README, "Deploying one
 * project from its specs"; docs/specs.md).
 * Checks the prerequisites, decides the archetype, writes the artifacts, and optionally builds
 * the image and pushes it to a registry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Command, Option } from 'commander';
import { formatProblem, type Problem, TopologyError } from '../../graph/problems';
import { composeRun, type DeployPlan, deployFiles, planDeployment, requiredVariables } from '../../project/artifacts';
import { buildChecklist, DEFAULT_TEST_TIMEOUT_SECONDS, renderChecklist, runProjectTests, type StarterSpecs } from '../../project/checklist';
import { starterAssertions } from '../../specs/starter';
import { installedSchema } from './init';
import { CLI_PLATFORMS } from '../../project/dockerfile';
import { build, buildxPush, detectEngine, type Engine, EngineError, ENGINES, formatSize, inspectImage, type PushResult, tagAndPush } from '../../project/engine';
import { mountInstructions } from '../../project/health';
import { checkLibrary, renderLibraryReport } from '../../project/library';
import { decideArchetype, detectRuntime, type PackageJson, type Project, ProjectError, projectName, readPackageJson, readProject } from '../../project/project';
import { ASSERTIONS_FILE, loadAssertions, verificationOf } from '../../specs/load';
import { ConflictError, type FileChange, writeProjectFiles } from '../../write';
import { CliError } from '../errors';
import { renderArtifactsSummary } from '../summary';
import { type Bind, type CliIO, displayPath, EXIT, type GlobalOptions } from '../io';

export const DEPLOY_ACTIONS = ['build', 'push'] as const;

export interface DeployCommandOptions extends GlobalOptions {
  readonly dir?: string;
  readonly engine?: string;
  readonly registry?: string;
  readonly tlsVerify?: boolean;
  readonly force?: boolean;
  readonly fix?: boolean;
  readonly platform?: string;
  readonly multiArch?: boolean;
  /** Seconds the project's tests may run. @default TOPOGRAPH_TEST_TIMEOUT, else 120 */
  readonly testTimeout?: string;
  /** Write a starter specs/assertions.json when there is none. @default false */
  readonly initSpecs?: boolean;
}

/** Adds `deploy` to the program. */
export function addDeployCommand(program: Command, bind: Bind): void {
  program
    .command('deploy')
    .description('deploy one project from its specs: checklist, Dockerfile, docker-compose.yml, health check; then build or push')
    .argument('[action]', 'build: also build the image; push: build, tag and push it to a registry')
    .option('-C, --dir <dir>', 'project directory (holds package.json and specs/assertions.json)', '.')
    .addOption(new Option('--engine <engine>', 'container engine (default: docker or podman, whichever works)').choices([...ENGINES]))
    .option('--registry <registry>', 'push: registry and namespace, e.g. ghcr.io/acme or 127.0.0.1:5000 (asked on a terminal when missing)')
    .option('--tls-verify <bool>', 'push: verify the registry TLS certificate; --tls-verify=false for a plain-HTTP local registry (podman)', parseBool, true)
    .option('--platform <platforms>', 'build for these platforms, comma-separated, e.g. linux/amd64,linux/arm64')
    .option('--multi-arch', `CLI tools: build for ${CLI_PLATFORMS.join(' and ')} (a manifest list)`)
    .option('--force', 'overwrite your own files at generated paths (Dockerfile, docker-compose.yml, .dockerignore)')
    .option('--fix', 'libraries: apply the package.json/tsconfig.json changes without asking')
    .option('--test-timeout <seconds>', `stop the project's tests after this long (default: TOPOGRAPH_TEST_TIMEOUT, else ${DEFAULT_TEST_TIMEOUT_SECONDS})`)
    .option('--init-specs', 'write a starter specs/assertions.json (assertions pending) when there is none')
    .addHelpText(
      'after',
      `
Reads package.json and specs/assertions.json (format: docs/specs.md), runs the project's tests
(bun test for bun projects, else npm test), and exits 1 with a checklist when the project is not ready.
Writes Dockerfile, docker-compose.yml, .dockerignore (and a health module in the project's language,
e.g. src/health.ts or src/health.js, when there is no health endpoint) into the project; files you
wrote are never overwritten without --force.

Examples:
  topograph deploy                                  # checklist + artifacts in the current project
  topograph deploy build --engine podman            # also build; reports image size and layers
  topograph deploy push --registry ghcr.io/acme     # build, tag and push (no question asked)
  topograph deploy push --engine podman --registry 127.0.0.1:5000 --tls-verify=false
  topograph deploy --dir packages/api`,
    )
    .action(bind((c, io) => deployCommand(c.args[0], c.optsWithGlobals(), io)));
}

function parseBool(value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new CliError([{ message: 'Invalid --tls-verify value', value: JSON.stringify(value), expected: 'true or false', action: 'Pass --tls-verify=false or --tls-verify=true' }], EXIT.USAGE);
}

function fail(problems: readonly Problem[], code: number = EXIT.FAILED): never {
  throw new CliError(problems, code);
}

export async function deployCommand(action: string | undefined, options: DeployCommandOptions, io: CliIO): Promise<number> {
  if (action !== undefined && !(DEPLOY_ACTIONS as readonly string[]).includes(action)) {
    fail([{ message: `Unknown deploy action '${action}'`, value: JSON.stringify(action), expected: 'build, push, or nothing', action: 'Run topograph deploy, topograph deploy build or topograph deploy push' }], EXIT.USAGE);
  }
  const dir = path.resolve(io.cwd, options.dir ?? '.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    fail([{ message: 'Project directory not found', value: displayPath(io.cwd, dir), expected: 'a directory holding package.json and specs/assertions.json', action: 'Pass --dir <project directory>, or run topograph deploy inside the project' }], EXIT.USAGE);
  }
  const report: DeployReport = { ok: false, command: 'deploy', ...(action ? { action } : {}) };
  const finish = (code: number) => {
    if (options.json) io.stdout(`${JSON.stringify({ ...report, ok: code === EXIT.OK }, null, 2)}\n`);
    return code;
  };
  try {
    return finish(await deploy(action as 'build' | 'push' | undefined, dir, options, io, report));
  } catch (error) {
    if (error instanceof EngineError) {
      report.problems = error.problems;
      // The artifacts are on disk by now: say so instead of the usual "nothing was written".
      if (!options.json) {
        io.stderr(`${error.problems.map(formatProblem).join('\n\n')}\n\nThe deployment artifacts were written; the image was not ${action === 'push' ? 'built and pushed' : 'built'}.\n`);
      }
      return finish(EXIT.FAILED);
    }
    if (error instanceof ProjectError || error instanceof TopologyError) fail(error.problems);
    if (error instanceof ConflictError) {
      fail([
        {
          message: `Refusing to overwrite ${error.paths.length === 1 ? 'a file' : `${error.paths.length} files`} topograph did not generate`,
          value: error.paths.join(', '),
          expected: `files carrying the '@generated by topograph' marker, or nothing, at generated paths`,
          action: 'Move your file away (or delete its contents and let topograph write it), or re-run with --force to overwrite it',
        },
      ]);
    }
    throw error;
  }
}

/** What --json prints: the same facts as the text output. */
interface DeployReport {
  ok: boolean;
  command: 'deploy';
  action?: string;
  checklist?: Array<{ ok: boolean; text: string; details: readonly string[] }>;
  /** What topograph checked itself (the tests it ran) and what the specs only claim (it runs neither Dafny nor TLC). */
  verification?: {
    checkedByTopograph: { tests: { command: string; passed: boolean } };
    claimedBySpecs: { file: string; confirmed: number; total: number; dafny: boolean; tlc: boolean; verifiedAt?: string };
  };
  archetype?: string;
  reason?: string;
  files?: Array<{ path: string; status: string }>;
  library?: { fixes: Array<{ file: string; description: string }>; applied: boolean };
  image?: { reference: string; engine: string; size?: number; layers?: number; id?: string; platforms?: string[] };
  pushed?: PushResult[];
  problems?: readonly Problem[];
}

async function deploy(action: 'build' | 'push' | undefined, dir: string, options: DeployCommandOptions, io: CliIO, report: DeployReport): Promise<number> {
  const out = (text: string) => {
    if (!options.quiet && !options.json) io.stdout(text);
  };
  // Fail early on a push nobody can answer, before running tests and builds.
  if (action === 'push' && !options.registry && !io.isTTY) {
    fail(
      [
        {
          message: 'No registry to push to, and no terminal to ask on',
          expected: '--registry <host[:port][/namespace]>',
          action: 'Pass --registry, e.g. --registry ghcr.io/acme, --registry docker.io/alice or --registry 127.0.0.1:5000',
        },
      ],
      EXIT.USAGE,
    );
  }
  const pkg = readPackageJson(dir);
  // The registry is asked for first, so nobody waits through tests and a build to be asked.
  const registry = action === 'push' ? normalizeRegistry(options.registry ?? (await askRegistry(io, nameForQuestion(pkg, dir)))) : undefined;
  const timeoutSeconds = testTimeoutOf(options.testTimeout, io.env);
  const specs = loadAssertions(dir);
  const runtime = pkg ? detectRuntime(dir, pkg) : 'node';
  // Progress on stderr: the runner's own output on a terminal, else a line now and then while it is quiet.
  const progress = options.json || options.quiet ? undefined : io.stderr;
  const tests = pkg
    ? await runProjectTests(dir, pkg, runtime, io.env, {
        timeoutMs: timeoutSeconds * 1000,
        progress: progress && (io.isTTY ? progress : (text) => (text.startsWith('  │ ') ? undefined : progress(text))),
      })
    : undefined;
  const starter = specs.kind === 'missing' ? starterSpecs(dir, pkg, runtime, Boolean(options.initSpecs)) : undefined;
  const checklist = buildChecklist(pkg !== undefined, tests, specs, starter);
  report.checklist = checklist.items.map((i) => ({ ok: i.ok, text: i.text, details: i.details }));
  if (!checklist.ready || specs.kind !== 'ok' || !pkg) {
    if (!options.json) io.stdout(renderChecklist(checklist));
    return EXIT.FAILED;
  }
  out(`${renderChecklist(checklist)}\n`);
  const claims = verificationOf(specs.specs);
  report.verification = {
    checkedByTopograph: { tests: { command: checklist.tests!.command, passed: true } },
    claimedBySpecs: { file: ASSERTIONS_FILE, confirmed: claims.confirmed, total: claims.total, dafny: claims.dafny, tlc: claims.tlc, ...(claims.verifiedAt ? { verifiedAt: claims.verifiedAt } : {}) },
  };

  const project = readProject(dir, pkg, specs.specs);
  const decision = decideArchetype(project, specs.specs);
  out(`Archetype: ${decision.archetype} (${decision.reason})\n\n`);
  report.archetype = decision.archetype;
  report.reason = decision.reason;

  if (decision.archetype === 'library') {
    if (action) {
      fail([
        {
          message: `${project.name} is a library: there is no image to ${action}`,
          value: `archetype library (${decision.reason})`,
          expected: 'a web-service, cli-tool or data-pipeline project for deploy build/push',
          action: 'Publish it to npm (see the steps topograph deploy prints), or set "archetype" in specs/assertions.json',
        },
      ]);
    }
    return library(project, options, io, out, report);
  }

  // Usage problems first: nothing is written when the command line is wrong.
  const platforms = action ? platformsOf(options, decision.archetype) : undefined;
  const plan = planDeployment(project, specs.specs, decision.archetype);
  const files = deployFiles(plan);
  const changes = writeProjectFiles(dir, files, { force: options.force, neverOverwrite: plan.healthModule ? [plan.healthModule.file] : [], keepUnlessForced: ['.dockerignore', '.env.example'], onLockWait: io.stderr });
  report.files = changes.map((c) => ({ path: c.path, status: c.status }));
  out(renderSummary(plan, changes, checklist.tests?.command ?? 'tests', io, dir));
  if (!action) return EXIT.OK;

  const engine: Engine = { name: detectEngine(options.engine, io.env), env: io.env, progress: options.quiet ? undefined : (text) => io.stderr(text) };
  const version = project.version.replace(/\+.*$/, '');
  const tags = [plan.image, `${project.name}:${version}`].filter((t, i, all) => all.indexOf(t) === i);
  const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const multi = (platforms?.length ?? 0) > 1;
  if (multi && engine.name === 'docker') {
    if (action === 'build') {
      throw new EngineError([
        {
          message: 'docker cannot keep a multi-platform image locally',
          value: platforms!.join(','),
          expected: 'podman (a local manifest list), or a push',
          action: 'Use --engine podman, or run topograph deploy push --multi-arch (docker buildx builds and pushes in one step)',
        },
      ]);
    }
    const targets = tags.map((t) => `${registry}/${t}`);
    out(`\nBuilding and pushing ${targets.join(', ')} with docker buildx for ${platforms!.join(', ')}…\n`);
    const digest = await buildxPush(engine, { dir, tags, platforms, created, targets });
    report.image = { reference: plan.image, engine: engine.name, platforms };
    report.pushed = targets.map((reference) => ({ reference, digest }));
    out(renderPushReport(report.pushed, engine.name));
    return EXIT.OK;
  }
  out(`\nBuilding ${plan.image} with ${engine.name}${platforms ? ` for ${platforms.join(', ')}` : ''}…\n`);
  await build(engine, { dir, tags, platforms, created });
  const facts = multi ? undefined : await inspectImage(engine, plan.image);
  report.image = { reference: plan.image, engine: engine.name, ...(facts ? { size: facts.size, layers: facts.layers, id: facts.id } : {}), ...(platforms ? { platforms } : {}) };
  out(renderBuildReport(plan, engine.name, facts, platforms));
  if (action === 'build') return EXIT.OK;

  const pushed: PushResult[] = [];
  for (const tag of tags) {
    const target = `${registry}/${tag}`;
    out(`\nPushing ${target}…\n`);
    // A multi-arch build is one manifest list (tagged latest), pushed under every tag.
    pushed.push(await tagAndPush(engine, multi ? plan.image : tag, target, options.tlsVerify !== false, multi));
  }
  report.pushed = pushed;
  out(renderPushReport(pushed, engine.name));
  return EXIT.OK;
}

/** The test timeout in seconds: --test-timeout, else TOPOGRAPH_TEST_TIMEOUT, else the default (docs/specs.md). */
function testTimeoutOf(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const [raw, source] = flag !== undefined ? [flag, '--test-timeout'] : env.TOPOGRAPH_TEST_TIMEOUT !== undefined ? [env.TOPOGRAPH_TEST_TIMEOUT, 'TOPOGRAPH_TEST_TIMEOUT'] : [undefined, ''];
  if (raw === undefined) return DEFAULT_TEST_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || seconds < 1 || seconds > 86_400) {
    fail([{ message: `Invalid ${source}`, value: JSON.stringify(raw), expected: 'a whole number of seconds from 1 to 86400', action: `Pass ${source === '--test-timeout' ? '--test-timeout 300' : 'TOPOGRAPH_TEST_TIMEOUT=300'}, or leave it out for ${DEFAULT_TEST_TIMEOUT_SECONDS}` }], EXIT.USAGE);
  }
  return seconds;
}

/** The starter specs/assertions.json for a project without one; written only with --init-specs. */
function starterSpecs(dir: string, pkg: PackageJson | undefined, runtime: 'bun' | 'node', write: boolean): StarterSpecs {
  let archetype: ReturnType<typeof decideArchetype>['archetype'] | undefined;
  try {
    archetype = pkg ? decideArchetype(readProject(dir, pkg, undefined), undefined).archetype : undefined;
  } catch {
    archetype = undefined;
  }
  const text = starterAssertions({
    description: pkg?.description,
    archetype,
    testCommand: runtime === 'bun' ? 'bun test' : 'npm test',
    schema: installedSchema(path.join(dir, 'specs'), 'schemas/assertions.schema.json'),
  });
  if (!write) return { text, written: false };
  const file = path.join(dir, ASSERTIONS_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { flag: 'wx' });
  return { text, written: true };
}

function platformsOf(options: DeployCommandOptions, archetype: string): string[] | undefined {
  if (options.platform) {
    const list = options.platform.split(',').map((p) => p.trim()).filter(Boolean);
    const bad = list.find((p) => !/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/.test(p));
    if (bad !== undefined || list.length === 0) {
      fail([{ message: 'Invalid --platform', value: JSON.stringify(options.platform), expected: 'os/arch, comma-separated, e.g. linux/amd64,linux/arm64', action: 'Fix --platform' }], EXIT.USAGE);
    }
    return list;
  }
  if (options.multiArch) {
    if (archetype !== 'cli-tool') {
      fail([
        {
          message: '--multi-arch is for CLI tools',
          value: archetype,
          expected: 'a cli-tool project (its Dockerfile cross-compiles one binary per architecture)',
          action: 'Use --platform linux/amd64,linux/arm64 if your base images and build steps support it',
        },
      ], EXIT.USAGE);
    }
    return [...CLI_PLATFORMS];
  }
  return undefined;
}

async function library(project: Project, options: DeployCommandOptions, io: CliIO, out: (text: string) => void, report: DeployReport): Promise<number> {
  const check = checkLibrary(project);
  report.library = { fixes: check.fixes.map((f) => ({ ...f })), applied: false };
  if (check.fixes.length === 0) {
    out(renderLibraryReport(check, 'configured'));
    return EXIT.OK;
  }
  let apply = Boolean(options.fix);
  if (!apply && io.isTTY && !options.json) {
    io.stdout(`These changes would make ${project.name} ready to publish:\n${check.fixes.map((f) => `  • ${f.file}: ${f.description}`).join('\n')}\n`);
    apply = /^y(es)?$/i.test((await io.prompt('Apply them? (your files are edited in place, their formatting kept)', ['yes', 'no'])).trim());
  }
  if (!apply) {
    if (!options.json) io.stdout(renderLibraryReport(check, 'pending'));
    return EXIT.FAILED;
  }
  writeProjectFiles(project.dir, check.edits, { force: true, onLockWait: io.stderr });
  report.library.applied = true;
  out(renderLibraryReport(check, 'applied'));
  return EXIT.OK;
}

function nameForQuestion(pkg: PackageJson | undefined, dir: string): string {
  try {
    return projectName(pkg ?? {}, undefined, dir);
  } catch {
    return 'project';
  }
}

/** `https://ghcr.io/acme/` → `ghcr.io/acme`; rejects what cannot prefix an image reference. */
export function normalizeRegistry(raw: string): string {
  const value = raw.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  if (!/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(value)) {
    fail(
      [
        {
          message: 'Invalid registry',
          value: JSON.stringify(raw),
          expected: 'host[:port][/namespace], e.g. ghcr.io/acme, docker.io/alice, 127.0.0.1:5000',
          action: 'Pass --registry with a registry host and, optionally, a lower-case namespace',
        },
      ],
      EXIT.USAGE,
    );
  }
  return value;
}

export const REGISTRY_CHOICES = ['Docker Hub (docker.io/username/NAME)', 'GitHub Container Registry (ghcr.io/username/NAME)', 'Custom registry (enter URL)'] as const;

/** Asks which registry on the terminal: Docker Hub, GitHub Container Registry or a custom one. */
export async function askRegistry(io: CliIO, name: string): Promise<string> {
  const choices = REGISTRY_CHOICES.map((c) => c.replace('NAME', name));
  const answer = (await io.prompt('Which container registry should I push to?', choices)).trim();
  const index = choices.indexOf(answer);
  if (index === 0) return `docker.io/${await askNonEmpty(io, 'Docker Hub username?')}`;
  if (index === 1) return `ghcr.io/${await askNonEmpty(io, 'GitHub user or organisation?')}`;
  if (index === 2) return askNonEmpty(io, 'Registry URL (host[:port][/namespace])?');
  if (answer) return answer;
  fail([{ message: 'No registry chosen', expected: 'one of the options, or a registry URL', action: 'Re-run and pick a registry, or pass --registry' }], EXIT.USAGE);
}

async function askNonEmpty(io: CliIO, question: string): Promise<string> {
  const answer = (await io.prompt(question, [])).trim().toLowerCase();
  if (!answer) fail([{ message: `No answer to "${question}"`, expected: 'a non-empty answer', action: 'Re-run and answer, or pass --registry' }], EXIT.USAGE);
  return answer;
}

/** Verification methods the labels name, as the summary words them. */
const FORMAL_METHODS = [
  { method: 'dafny', tool: 'Dafny', verb: 'Verified' },
  { method: 'tlc', tool: 'TLC', verb: 'Model checked' },
] as const;

function describeFile(plan: DeployPlan, file: string): string {
  if (file === 'Dockerfile') return plan.archetype === 'cli-tool' ? 'Dockerfile (multi-stage, single binary, amd64/arm64)' : 'Dockerfile (multi-stage)';
  if (file === plan.healthModule?.file) return `${file} (liveness GET ${plan.healthModule.livenessPath}, readiness GET ${plan.healthModule.readinessPath}; mount it: see below)`;
  if (file === 'docker-compose.yml' && plan.database) return `docker-compose.yml (with postgres '${plan.database}' and its volume)`;
  return file;
}

/** How the generated health module serves the container's health check, and the line that mounts it. */
function healthLines(plan: DeployPlan, changes: FileChange[]): string[] {
  const shape = plan.healthModule!;
  const mount = mountInstructions(shape);
  const checks = plan.healthTargets.map((t) => t.key);
  const lines = [
    `Health check: the container is healthy while GET ${shape.livenessPath} answers (liveness: it checks nothing else,`,
    `  so a database or an external API being down never makes it unhealthy); GET ${shape.readinessPath} is readiness`,
    `  (${checks.length ? `checks ${checks.join(', ')}` : 'no dependency to check'}; 503 when one fails) for a load balancer or Kubernetes.`,
  ];
  if (changes.find((c) => c.path === shape.file)?.status === 'skipped') {
    lines.push(`  ! ${shape.file} is your own file: make sure it answers GET ${shape.livenessPath}, or the container never becomes healthy.`);
    return lines;
  }
  lines.push(`  ! Mount it, or the container never becomes healthy. In ${shape.entry}, ${mount.where}:`, `      ${mount.importLine}`, `      ${mount.mountLine}`);
  return lines;
}

function renderSummary(plan: DeployPlan, changes: FileChange[], testCommand: string, io: CliIO, dir: string): string {
  const { project, verification: v } = plan;
  const engine = 'docker';
  const shownDir = displayPath(io.cwd, dir);
  const lines = renderArtifactsSummary({ context: shownDir !== '.' ? [`Project: ${shownDir}`] : [], changes, describe: (c) => describeFile(plan, c.path) });
  if (plan.existingHealthEndpoint) lines.push(`Health endpoint: GET ${plan.healthPath} found in ${plan.existingHealthEndpoint} (no health module generated)`);
  if (plan.healthModule) lines.push('', ...healthLines(plan, changes));
  // What topograph checked itself (it ran the tests) apart from what the specs only claim (docs/specs.md).
  lines.push('', 'Verification Status:', '  Checked by topograph:', `    ✓ All tests passing (${testCommand}, run just now)`);
  lines.push(`  Claimed by ${ASSERTIONS_FILE} (topograph did not check these):`, `    • ${v.confirmed}/${v.total} assertions confirmed`);
  for (const { method, tool, verb } of FORMAL_METHODS) {
    const ids = plan.specs.assertions.filter((a) => a.verifiedBy?.includes(method)).map((a) => a.id);
    if (ids.length) lines.push(`    • ${verb} by ${tool}: ${ids.join(', ')} — topograph did not run ${tool}`);
  }
  lines.push('', 'Next Steps:');
  const dbSecret = plan.database ? `${plan.database.toUpperCase()}_PASSWORD` : undefined;
  const required = [...(dbSecret ? [dbSecret] : []), ...requiredVariables(plan)].sort();
  const envFlags = required.length ? ` ${required.map((s) => `-e ${s}`).join(' ')}` : '';
  if (plan.archetype === 'web-service') {
    lines.push(
      `  1. ${engine} build -t ${project.name} .        (or: topograph deploy build)`,
      `  2. ${engine} run -p ${plan.port}:${plan.port}${envFlags} ${project.name}`,
      `  3. curl http://localhost:${plan.port}${plan.probePath}${plan.healthModule ? `      # liveness; readiness: ${plan.healthModule.readinessPath}` : ''}`,
    );
  } else if (plan.archetype === 'cli-tool') {
    lines.push(
      `  1. ${engine} build -t ${project.name} .        (or: topograph deploy build)`,
      `  2. ${engine} run --rm ${project.name} --help`,
      `  Multi-arch (amd64 + arm64): topograph deploy build --multi-arch --engine podman`,
    );
  } else {
    lines.push(`  1. ${engine} build -t ${project.name} .        (or: topograph deploy build)`, `  2. ${engine} run --rm${envFlags} ${project.name}    # runs once and exits; safe to re-run`);
    if (plan.specs.schedule) lines.push(`  Schedule: ${plan.specs.schedule} (image label com.spec-driven.schedule; a topology graph service with this "schedule" becomes a Kubernetes CronJob)`);
  }
  lines.push('', 'Or use docker-compose:');
  if (required.length) lines.push(`  cp .env.example .env   # then set ${required.join(', ')}`);
  lines.push(
    `  ${composeRun(plan)}`,
    '',
    'Production deployment:',
    '  • Set environment variables in production',
    '  • Use secrets management for sensitive values',
    '  • Configure logging and monitoring',
    plan.readOnlyRootFilesystem ? '  • Run with a read-only root filesystem (docker-compose.yml does: read_only, tmpfs /tmp)' : '  • Root filesystem stays writable (specs: readOnlyRootFilesystem false)',
  );
  return `${lines.join('\n')}\n`;
}

function renderBuildReport(plan: DeployPlan, engine: string, facts: { size: number; layers: number; id: string } | undefined, platforms: string[] | undefined): string {
  const lines = ['', 'Docker Build Complete', '=====================', `Image: ${plan.image}`, `Engine: ${engine}`];
  if (facts) lines.push(`Size: ${formatSize(facts.size)}`, `Layers: ${facts.layers}`, `ID: ${facts.id.replace(/^sha256:/, '').slice(0, 12)}`);
  if (platforms) lines.push(`Platforms: ${platforms.join(', ')}${platforms.length > 1 ? ' (manifest list)' : ''}`);
  lines.push('', 'To run locally:');
  if (plan.archetype === 'web-service') lines.push(`  ${engine} run -p ${plan.port}:${plan.port} ${plan.image}`);
  else if (plan.archetype === 'cli-tool') lines.push(`  ${engine} run --rm ${plan.image} --help`);
  else lines.push(`  ${engine} run --rm ${plan.image}`);
  lines.push('', 'To run with docker-compose:', `  ${composeRun(plan, engine)}`);
  return `${lines.join('\n')}\n`;
}

function renderPushReport(pushed: readonly PushResult[], engine: string): string {
  const lines = ['', 'Push Complete', '============='];
  for (const p of pushed) lines.push(`Pushed: ${p.reference}`, `Digest: ${p.digest ?? `(not reported by ${engine})`}`);
  if (pushed[0]) lines.push('', 'Pull it with:', `  ${engine} pull ${pushed[0].digest ? `${pushed[0].reference.replace(/:[^:/]+$/, '')}@${pushed[0].digest}` : pushed[0].reference}`);
  return `${lines.join('\n')}\n`;
}
