/**
 * The Gateway API v1 HTTPRoute fields topograph emits, checked against the schema's rules
 * (gateway.networking.k8s.io/v1, standard channel): @kubernetes-models/gateway-api is not a
 * devDependency, so kubernetes-models cannot validate the object. Throws on the first violation.
 */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`HTTPRoute: ${what}`);
}

export function validateHttpRoute(route: any): void {
  check(route.apiVersion === 'gateway.networking.k8s.io/v1' && route.kind === 'HTTPRoute', 'apiVersion/kind');
  check(Object.keys(route).every((k) => ['apiVersion', 'kind', 'metadata', 'spec'].includes(k)), 'top-level fields');
  check(typeof route.metadata?.name === 'string' && NAME.test(route.metadata.name) && route.metadata.name.length <= 253, 'metadata.name');
  const spec = route.spec ?? {};
  check(Object.keys(spec).every((k) => ['hostnames', 'parentRefs', 'rules'].includes(k)), 'spec fields');
  const hostnames: unknown[] = spec.hostnames ?? [];
  check(hostnames.length <= 16, 'at most 16 hostnames');
  for (const h of hostnames) check(typeof h === 'string' && h.length <= 253 && HOSTNAME.test(h), `hostname ${String(h)}`);
  const parents: any[] = spec.parentRefs ?? [];
  check(parents.length <= 32, 'at most 32 parentRefs');
  for (const p of parents) {
    check(Object.keys(p).every((k) => ['group', 'kind', 'namespace', 'name', 'sectionName', 'port'].includes(k)), 'parentRef fields');
    check(typeof p.name === 'string' && p.name.length <= 253 && NAME.test(p.name), 'parentRef name');
    if (p.namespace !== undefined) check(typeof p.namespace === 'string' && p.namespace.length <= 63 && LABEL.test(p.namespace), 'parentRef namespace');
    if (p.sectionName !== undefined) check(typeof p.sectionName === 'string' && p.sectionName.length <= 253 && NAME.test(p.sectionName), 'parentRef sectionName');
  }
  const rules: any[] = spec.rules ?? [];
  check(rules.length <= 16, 'at most 16 rules');
  for (const rule of rules) {
    check(Object.keys(rule).every((k) => ['backendRefs', 'matches'].includes(k)), 'rule fields');
    check((rule.matches ?? []).length <= 64, 'at most 64 matches');
    for (const b of rule.backendRefs ?? []) {
      check(typeof b.name === 'string' && LABEL.test(b.name), 'backendRef name (a Service)');
      check(Number.isInteger(b.port) && b.port >= 1 && b.port <= 65535, 'backendRef port');
    }
    for (const m of rule.matches ?? []) {
      check(['Exact', 'PathPrefix', 'RegularExpression'].includes(m.path?.type), 'path match type');
      check(typeof m.path.value === 'string' && m.path.value.startsWith('/') && m.path.value.length <= 1024, 'path match value');
      // The schema refuses "//", "/./", "/../", "%2f", "%2F" and "#" in a path match.
      check(!/\/\/|\/\.\/|\/\.\.\/|%2f|#|\/\.\.?$/i.test(m.path.value), 'path match value without //, /./, /../, %2f or #');
    }
  }
}
