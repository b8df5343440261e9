#!/usr/bin/env bash
# topograph as a library (issue 9), as a user meets it:
#   1. the API reference builds and every public symbol is documented (npm run docs);
#   2. examples/infra-repo: npm ci, npx cdk8s synth, its jest suite (snapshot + assertions);
#   3. the CLI installed as the README's "Install" says (npm install -g of the tarball and of the
#      checkout, into prefixes of its own), used in an unrelated directory: init, validate, synth,
#      deploy on a tiny project;
#   4. topograph init --typescript from an installed topograph: it depends on that copy (a file:
#      spec), installs without cdk8s-plus-27's optional release tool, and its printed steps (npm
#      test, npx cdk8s synth --check-upgrade false) pass offline without a stack trace.
# Writes $RESULTS_DIR/infra-repo.json in jest --json format: the jest runs merged, plus one result
# per shell step. Runs as root without stdin; network only for npm (most of it comes from the cache).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
RESULTS_DIR="${RESULTS_DIR:-.ci/results}"
mkdir -p "$RESULTS_DIR"
RESULTS_DIR="$(cd "$RESULTS_DIR" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/topograph-infra-repo.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
PARTS="$WORK/results"
mkdir -p "$PARTS"
# No CDK8S_CHECK_UPGRADE here: the printed commands skip cdk8s-cli's update check themselves, and are run as printed.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

steps="$WORK/steps.tsv"
: >"$steps"
# step NAME COMMAND...: runs it, logs it, records pass/fail and seconds.
step() {
  local name="$1"
  shift
  printf '\n---- %s ----\n' "$name"
  local start=$SECONDS
  if "$@" </dev/null; then
    printf '%s\tpassed\t%s\n' "$name" "$((SECONDS - start))" >>"$steps"
    echo "ok: $name ($((SECONDS - start))s)"
    return 0
  fi
  printf '%s\tfailed\t%s\n' "$name" "$((SECONDS - start))" >>"$steps"
  echo "FAILED: $name"
  return 1
}

# offline COMMAND...: without a network (a new network namespace) when the machine allows it, so the
# printed steps are shown to need none; else as it is.
offline() { if unshare -n true 2>/dev/null; then unshare -n "$@"; else "$@"; fi; }
# no_stack_trace LOG: the log holds no JavaScript stack frame.
no_stack_trace() { if grep -nE '^\s+at .+:[0-9]+:[0-9]+\)?$' "$1"; then echo "stack trace in $1"; return 1; fi; }

merge() {
  node - "$PARTS" "$steps" "$RESULTS_DIR/infra-repo.json" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [dir, stepsFile, out] = process.argv.slice(2);
const merged = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTotalTests: 0, numFailedTestSuites: 0, numPassedTestSuites: 0, numTotalTestSuites: 0, testResults: [] };
for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  for (const key of ['numPassedTests', 'numFailedTests', 'numPendingTests', 'numTotalTests', 'numFailedTestSuites', 'numPassedTestSuites', 'numTotalTestSuites']) merged[key] += r[key] ?? 0;
  merged.testResults.push(...r.testResults);
}
const steps = fs.readFileSync(stepsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
if (steps.length) {
  const failed = steps.filter(([, status]) => status !== 'passed').length;
  merged.numPassedTests += steps.length - failed;
  merged.numFailedTests += failed;
  merged.numTotalTests += steps.length;
  merged.numTotalTestSuites += 1;
  merged[failed ? 'numFailedTestSuites' : 'numPassedTestSuites'] += 1;
  merged.testResults.push({
    name: '.ci/suites/infra-repo.sh',
    status: failed ? 'failed' : 'passed',
    assertionResults: steps.map(([title, status, seconds]) => ({ title, fullName: `infra-repo ${title}`, ancestorTitles: ['infra-repo'], status, duration: Number(seconds) * 1000, failureMessages: status === 'passed' ? [] : [`${title} failed: see the CI log`] })),
  });
}
merged.success = merged.numFailedTests === 0 && merged.numFailedTestSuites === 0;
fs.writeFileSync(out, JSON.stringify(merged, null, 2));
console.log(`infra-repo: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed`);
process.exitCode = merged.success ? 0 : 1;
JS
}

# ---- root: build and API reference ----
step "root builds (npm run build)" npm run build --silent || { merge; exit 1; }
step "API reference builds with every public symbol documented (npm run docs)" npm run docs --silent

# ---- examples/infra-repo, as its README says ----
EXAMPLE="$ROOT/examples/infra-repo"
git_clean_shop() { [ -z "$(git -C "$ROOT" status --porcelain -- examples/shop)" ]; }
example_ci() { (cd "$EXAMPLE" && npm ci --no-audit --no-fund); }
example_synth() {
  (cd "$EXAMPLE" && rm -rf dist && offline npx cdk8s synth --check-upgrade false) &&
    [ -s "$EXAMPLE/dist/docker/docker-compose.yml" ] && [ -s "$EXAMPLE/dist/kubernetes/20-services.yaml" ] &&
    grep -q 'rabbitmq:3.13-alpine' "$EXAMPLE/dist/docker/docker-compose.yml" && git_clean_shop
}
# npm ci takes topograph's dependencies from the example's lock, not from ../../package.json.
lock_in_step() {
  node -e '
    const path = require("node:path");
    const root = require(path.resolve(process.argv[1])), lock = require(path.resolve(process.argv[2]));
    const locked = (lock.packages["node_modules/topograph"] || {}).dependencies || {};
    const stale = Object.entries(root.dependencies).filter(([n, v]) => locked[n] !== v).map(([n, v]) => `${n}@${v}`);
    if (stale.length) { console.error(`examples/infra-repo/package-lock.json is stale for topograph ${stale.join(", ")}. Action: run npm install in examples/infra-repo and commit the lock.`); process.exit(1); }
  ' "$ROOT/package.json" "$EXAMPLE/package-lock.json"
}
step "examples/infra-repo: its lock has topograph's current dependencies" lock_in_step
if step "examples/infra-repo: npm ci" example_ci; then
  step "examples/infra-repo: npx cdk8s synth writes dist/ and leaves the shop sources unchanged" example_synth
  step "examples/infra-repo: npm test (jest snapshot + assertions)" bash -c "cd '$EXAMPLE' && npx jest --ci --json --outputFile='$PARTS/example.json'"
fi

# ---- installed as the README's "Install" says, used in an unrelated directory ----
# `npm install -g` goes to prefixes under $WORK (npm_config_prefix), not the machine's global one.
GLOBAL_TARBALL="$WORK/global-tarball"
GLOBAL_LINK="$WORK/global-link"
UNRELATED="$WORK/unrelated"
mkdir -p "$UNRELATED"

pack() { (cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >/dev/null) && ls "$WORK"/topograph-*.tgz >/dev/null; }
tarball() { ls "$WORK"/topograph-*.tgz; }
install_tarball() {
  (cd "$WORK" && npm_config_prefix="$GLOBAL_TARBALL" npm install -g "./$(basename "$(tarball)")" --prefer-offline) &&
    [ "$("$GLOBAL_TARBALL/bin/topograph" --version)" = "$(node -p "require('$ROOT/package.json').version")" ]
}
install_link() {
  (cd "$ROOT" && npm_config_prefix="$GLOBAL_LINK" npm install -g . --prefer-offline) &&
    [ "$(readlink -f "$GLOBAL_LINK/lib/node_modules/topograph")" = "$(readlink -f "$ROOT")" ] &&
    "$GLOBAL_LINK/bin/topograph" --version
}
# The starter graph, validated and synthesized in a directory of its own (its one service builds from ".").
unrelated_synth() (
  dir="$UNRELATED/shop"
  mkdir -p "$dir" && cd "$dir" &&
    topograph init --name shop &&
    printf '{ "name": "api", "version": "1.0.0", "scripts": { "build": "true" } }\n' >package.json &&
    printf '{ "name": "api", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "api", "version": "1.0.0" } } }\n' >package-lock.json &&
    topograph validate && topograph synth && [ -s dist/docker/Dockerfile.api ] && [ -s dist/kubernetes/20-services.yaml ] &&
    topograph synth --check
)
# deploy on a tiny plain-JavaScript web service: a starter specs file (--init-specs), confirmed, then the artifacts.
unrelated_deploy() (
  dir="$UNRELATED/hello"
  mkdir -p "$dir/src" "$dir/test" && cd "$dir" &&
    printf '{ "name": "hello", "version": "1.0.0", "main": "src/server.js", "scripts": { "test": "node --test test/" } }\n' >package.json &&
    printf "require('node:http').createServer((req, res) => res.end('hello')).listen(Number(process.env.PORT ?? 3000));\n" >src/server.js &&
    printf "const test = require('node:test');\nconst assert = require('node:assert');\ntest('adds', () => assert.equal(1 + 1, 2));\n" >test/hello.test.js &&
    { topograph deploy --init-specs; [ $? -eq 1 ]; } && [ -s specs/assertions.json ] &&
    node -e 'const f="specs/assertions.json",s=require("./"+f);for(const a of s.assertions)a.status="confirmed";require("fs").writeFileSync(f,JSON.stringify(s,null,2))' &&
    topograph deploy && [ -s Dockerfile ] && [ -s docker-compose.yml ] && [ -s src/health.js ] && [ ! -e src/health.ts ] &&
    grep -q "127.0.0.1:3000/livez" Dockerfile
)
if step "npm pack" pack && step "npm install -g ./topograph-*.tgz (README: Install)" install_tarball; then
  step "npm install -g . in the checkout (README: Install)" install_link
  export PATH="$GLOBAL_TARBALL/bin:$PATH"
  step "installed CLI in an unrelated directory: init, validate, synth, synth --check" unrelated_synth
  step "installed CLI in an unrelated directory: deploy --init-specs, then deploy" unrelated_deploy
fi

# ---- topograph init --typescript from an installed topograph: it depends on that same copy ----
SCAFFOLD="$WORK/acme-infra"
SCAFFOLD_GLOBAL="$WORK/global-infra"
# topograph as a dev dependency of a tools project (the tarball, --omit=optional as the README says); its init
# writes a file: spec to that tarball, and the scaffold installs without the optional release tool (overrides).
scaffold() (
  mkdir -p "$UNRELATED/tools" && cd "$UNRELATED/tools" && npm init -y >/dev/null &&
    npm install --save-dev "$(tarball)" --omit=optional --prefer-offline &&
    npx topograph init --typescript "$SCAFFOLD" --name acme | tee "$WORK/init.out" &&
    grep -qF "\"topograph\": \"file:$(tarball)\"" "$SCAFFOLD/package.json" &&
    grep -qF "(the tarball this topograph was installed from;" "$WORK/init.out" &&
    (cd "$SCAFFOLD" && npm install --prefer-offline --no-audit --no-fund | tee "$WORK/scaffold-install.out") &&
    [ "$(node -p "require('$SCAFFOLD/node_modules/backport/package.json').version")" = 0.0.0-stub ]
)
# From the global tarball install npm recorded no tarball: the scaffold depends on the installed directory,
# copied in (install-links), which must install without topograph's sources or build tools.
scaffold_global() {
  topograph init --typescript "$SCAFFOLD_GLOBAL" --name acme &&
    grep -qF "\"topograph\": \"file:$GLOBAL_TARBALL/lib/node_modules/topograph\"" "$SCAFFOLD_GLOBAL/package.json" &&
    (cd "$SCAFFOLD_GLOBAL" && npm install --prefer-offline --no-audit --no-fund) &&
    [ ! -L "$SCAFFOLD_GLOBAL/node_modules/topograph" ] &&
    (cd "$SCAFFOLD_GLOBAL" && offline npx cdk8s synth --check-upgrade false) && [ -s "$SCAFFOLD_GLOBAL/dist/docker/Dockerfile.api" ]
}
refuses_overwrite() {
  ! topograph init --typescript "$SCAFFOLD" --name acme 2>"$WORK/refuse.err" && grep -q 'Refusing to overwrite' "$WORK/refuse.err"
}
# The printed steps, as printed, without a network: no update check, no stack trace.
scaffold_synth() {
  (cd "$SCAFFOLD" && offline npx cdk8s synth --check-upgrade false) >"$WORK/scaffold-synth.log" 2>&1
  local code=$?
  cat "$WORK/scaffold-synth.log"
  [ "$code" -eq 0 ] && no_stack_trace "$WORK/scaffold-synth.log" && [ -s "$SCAFFOLD/dist/docker/Dockerfile.api" ] && [ -s "$SCAFFOLD/dist/kubernetes/20-services.yaml" ]
}
if [ -n "$(ls "$WORK"/topograph-*.tgz 2>/dev/null)" ] && step "init --typescript from the tarball installed in a project: depends on it, installs lean" scaffold; then
  echo "scaffold install: $(grep -Eo 'added [0-9]+ packages' "$WORK/scaffold-install.out")"
  step "init --typescript refuses to overwrite the scaffold" refuses_overwrite
  # The first run writes the snapshot (as on a developer's machine); the second, with --ci, must match it.
  step "scaffold: first npm test writes its snapshot (offline)" bash -c "cd '$SCAFFOLD' && $(declare -f offline); offline npm test -- --ci=false --json --outputFile='$PARTS/scaffold-first.json'"
  step "scaffold: npm test --ci passes against it (offline)" bash -c "cd '$SCAFFOLD' && $(declare -f offline); offline npm test -- --ci --json --outputFile='$PARTS/scaffold-ci.json'"
  step "scaffold: npx cdk8s synth --check-upgrade false, offline, no stack trace" scaffold_synth
fi
if [ -x "$GLOBAL_TARBALL/bin/topograph" ]; then
  step "init --typescript from the global tarball install: depends on the installed directory, installs, synthesizes offline" scaffold_global
fi

merge
