#!/usr/bin/env bash
# topograph as a library (issue 9), as a user meets it:
#   1. the API reference builds and every public symbol is documented (npm run docs);
#   2. examples/infra-repo: npm ci, npx cdk8s synth, its jest suite (snapshot + assertions);
#   3. topograph init --typescript, installed from the packed tarball: its tests pass out of the
#      box, cdk8s synth works.
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
export CDK8S_CHECK_UPGRADE=false npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

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
  (cd "$EXAMPLE" && rm -rf dist && npx cdk8s synth) &&
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

# ---- topograph init --typescript, installed from the packed tarball ----
SCAFFOLD="$WORK/acme-infra"
pack() { npm pack --ignore-scripts --silent --pack-destination "$WORK" >/dev/null && ls "$WORK"/topograph-*.tgz >/dev/null; }
scaffold() {
  local tgz
  tgz="$(ls "$WORK"/topograph-*.tgz)"
  node "$ROOT/lib/src/cli/main.js" init --typescript "$SCAFFOLD" --name acme --topograph-spec "file:$tgz" &&
    # Same as the root's override: keeps cdk8s-plus-27's unused release tool (~190 packages) out,
    # so the install is served from the npm cache.
    node -e "const f=process.argv[1];const p=require(f);p.overrides={backport:'file:$ROOT/stubs/backport'};require('fs').writeFileSync(f,JSON.stringify(p,null,2))" "$SCAFFOLD/package.json" &&
    (cd "$SCAFFOLD" && npm install --prefer-offline --no-audit --no-fund)
}
refuses_overwrite() {
  ! node "$ROOT/lib/src/cli/main.js" init --typescript "$SCAFFOLD" --name acme 2>"$WORK/refuse.err" && grep -q 'Refusing to overwrite' "$WORK/refuse.err"
}
scaffold_synth() { (cd "$SCAFFOLD" && npx cdk8s synth) && [ -s "$SCAFFOLD/dist/docker/Dockerfile.api" ] && [ -s "$SCAFFOLD/dist/kubernetes/20-services.yaml" ]; }
if step "npm pack" pack && step "init --typescript scaffolds and installs from the tarball" scaffold; then
  step "init --typescript refuses to overwrite the scaffold" refuses_overwrite
  # The first run writes the snapshot (as on a developer's machine); the second, with --ci, must match it.
  step "scaffold: first npm test writes its snapshot" bash -c "cd '$SCAFFOLD' && npx jest --ci=false --json --outputFile='$PARTS/scaffold-first.json'"
  step "scaffold: npm test --ci passes against it" bash -c "cd '$SCAFFOLD' && npx jest --ci --json --outputFile='$PARTS/scaffold-ci.json'"
  step "scaffold: npx cdk8s synth" scaffold_synth
fi

merge
