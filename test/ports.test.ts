/**
 * Ports below 1024: a non-root container with every capability dropped may bind them only when the
 * namespaced sysctl net.ipv4.ip_unprivileged_port_start is lowered (src/ports.ts says why adding
 * NET_BIND_SERVICE would not work in Kubernetes). Both targets, and the restricted Pod Security
 * Standard; podman runs it for real in the e2e suite (test/e2e/edge.ts).
 */
import { parse } from 'yaml';
import { render } from './kubernetes/helpers';
import { podTemplate } from './kubernetes/helpers';
import { shopGraph, synth } from './helpers/shop';

/** The shop with catalog on port 80 and a worker listening on 443. */
function lowPorts() {
  const graph = shopGraph();
  graph.services[0].ports = [{ port: 80, host: 80 }];
  graph.services.push({ name: 'tls', archetype: 'worker', runtime: 'go', port: 443, build: { context: 'catalog' } });
  return graph;
}

/** The Pod Security Standards' safe sysctls (baseline, hence restricted, allows only these). */
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'];

describe('ports below 1024', () => {
  it('compose: lowers the first unprivileged port to exactly the service port, and adds no capability', () => {
    const compose = parse(synth(lowPorts(), { targets: ['compose'] }).files['docker/docker-compose.yml']);
    expect(compose.services.catalog.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '80' });
    expect(compose.services.tls.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '443' });
    for (const name of ['catalog', 'tls']) {
      expect(compose.services[name].cap_drop).toEqual(['ALL']);
      expect(compose.services[name].cap_add).toBeUndefined();
      expect(compose.services[name].security_opt).toEqual(['no-new-privileges:true']);
    }
    expect(compose.services.catalog.ports).toEqual(['127.0.0.1:80:80']);
  });

  it('compose: leaves every container listening from 1024 up as it was', () => {
    const compose = parse(synth(shopGraph(), { targets: ['compose'] }).files['docker/docker-compose.yml']);
    for (const [name, service] of Object.entries<any>(compose.services)) expect({ name, sysctls: service.sysctls }).toEqual({ name, sysctls: undefined });
  });

  it('Kubernetes: the pod gets the same sysctl, a safe one the restricted standard admits, and no capability', () => {
    const r = render(lowPorts());
    for (const [kind, name, port] of [['Deployment', 'catalog', '80'], ['Deployment', 'tls', '443']] as const) {
      const spec = podTemplate(r.get(kind, name)).spec;
      expect(spec.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: port }]);
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
        expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'] });
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      }
    }
    for (const w of r.all('Deployment').concat(r.all('StatefulSet'))) {
      for (const s of podTemplate(w).spec.securityContext.sysctls ?? []) expect(SAFE_SYSCTLS).toContain(s.name);
    }
    expect(podTemplate(r.get('Deployment', 'billing')).spec.securityContext.sysctls).toBeUndefined();
    // kubernetes-models accepts the pod security context with its sysctls.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Deployment } = require('kubernetes-models/apps/v1/Deployment');
    expect(() => new Deployment(r.get('Deployment', 'catalog')).validate()).not.toThrow();
    expect(() => new Deployment({ ...r.get('Deployment', 'catalog'), spec: { ...r.get('Deployment', 'catalog').spec, template: { ...podTemplate(r.get('Deployment', 'catalog')), spec: { ...podTemplate(r.get('Deployment', 'catalog')).spec, securityContext: { sysctls: [{ name: 1 }] } } } } }).validate()).toThrow();
  });
});
