/**
 * Service ports and health kinds (docs/topology-graph.md#ports, #health): what each target makes
 * of them, and the problems of a graph that gets them wrong.
 */
import { parse } from 'yaml';
import { validateGraph } from '../src/graph/validate';
import { synth } from './helpers/shop';
import { podTemplate, portsGraph, render } from './kubernetes/helpers';

const problemsOf = (change: (g: any) => void) => {
  const graph = portsGraph() as any;
  change(graph);
  return validateGraph(graph, 'topology-graph.json').problems;
};
const messages = (change: (g: any) => void) => problemsOf(change).map((p) => p.message);
const service = (g: any, name: string) => g.services.find((s: any) => s.name === name);

describe('the graph', () => {
  it('accepts every kind of port and health check', () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it('refuses "port" beside "ports"', () => {
    expect(messages((g) => (service(g, 'cart').port = 7070))).toEqual(['Service cart has both "port" and "ports"']);
  });

  it('names a second port of one protocol only when told: the default name is the protocol, once', () => {
    const problems = problemsOf((g) => service(g, 'cart').ports.push({ port: 7071, protocol: 'tcp' }));
    expect(problems).toEqual([
      expect.objectContaining({ message: 'Port 7071 of cart needs a name: it is not the first tcp port', action: 'Add "name" to services[cart].ports[1] in topology-graph.json' }),
    ]);
  });

  it('refuses a name, container port or service port used twice in a service', () => {
    expect(messages((g) => service(g, 'frontend').ports.push({ name: 'metrics', port: 9101 }))).toEqual(['Ports 2 and 3 of frontend have the same name']);
    expect(messages((g) => service(g, 'frontend').ports.push({ name: 'again', port: 80, servicePort: 81 }))).toEqual(['Ports 1 and 3 of frontend have the same container port and transport']);
    expect(messages((g) => service(g, 'frontend').ports.push({ name: 'again', port: 81, servicePort: 8080 }))).toEqual(['Ports 1 and 3 of frontend have the same service port and transport']);
    // TCP and UDP on one number are two ports.
    expect(messages((g) => service(g, 'frontend').ports.push({ name: 'quic', port: 80, servicePort: 8080, protocol: 'udp' }))).toEqual([]);
  });

  it('refuses a port name Kubernetes would refuse', () => {
    for (const name of ['Http', 'a-very-long-port-name', 'web--ui', '9p', 'web-']) {
      expect(messages((g) => (service(g, 'cart').ports[0].name = name))).toEqual(['Invalid port name for cart']);
    }
  });

  it('checks host ports only among published ports: container ports may repeat', () => {
    expect(messages((g) => (service(g, 'quiet').port = 8080))).toEqual([]);
    expect(messages((g) => (service(g, 'catalog').ports[1].host = 8080))).toEqual(['Port clash: frontend and catalog both publish host port 8080']);
    expect(messages((g) => (g.dependencies = [{ name: 'cache', type: 'redis', publish: true }], service(g, 'cart').ports[0].host = 6379))).toEqual([
      'Port clash: cart and cache both publish host port 6379',
    ]);
  });

  it('refuses a health check on a port the service does not have, or on UDP', () => {
    expect(problemsOf((g) => (service(g, 'cart').health = { port: 'grpc' }))[0]).toEqual(
      expect.objectContaining({ message: 'Health check of cart names port "grpc", which the service does not have', expected: 'a port name or container port of cart: tcp' }),
    );
    expect(messages((g) => (service(g, 'dns').health = { kind: 'tcp' }))).toEqual(['Health check of dns is tcp on UDP port 5353']);
    expect(messages((g) => (service(g, 'poller').health = { kind: 'http' }))).toEqual(['Service poller has a http health check but no port to serve it on']);
  });

  it('refuses the fields of another kind, and exec without a command', () => {
    expect(messages((g) => (service(g, 'catalog').health = { path: '/health' }))).toEqual([
      'Health check of catalog has "path", which only a http check reads, but its kind is grpc',
    ]);
    expect(messages((g) => (service(g, 'quiet').health = { kind: 'http', service: 'x' }))).toEqual([
      'Health check of quiet has "service", which only a grpc check reads, but its kind is http',
    ]);
    expect(messages((g) => (service(g, 'quiet').health = { kind: 'exec' }))).toEqual(['Health check of quiet is of kind exec but has no command']);
  });

  it('refuses a kind the runtime cannot probe in its image, naming the runtime, the kind and the fix', () => {
    const problems = problemsOf((g) => (service(g, 'cart').ports[0].protocol = 'grpc'));
    expect(problems).toEqual([
      {
        message: 'Python cannot probe grpc in its image, for the health check of cart',
        value: '"grpc"',
        expected: 'a check the python image can run: http, tcp, or "exec" with your own probe, or "none"',
        action:
          'Set services[cart].health.kind to "exec" with your own probe command (e.g. a grpc_health_probe binary in the image), or "none", in topology-graph.json (the default follows the grpc port)',
      },
    ]);
    expect(messages((g) => Object.assign(service(g, 'cart'), { runtime: 'go', health: { kind: 'grpc' } }))).toEqual(['Go cannot probe grpc in its image, for the health check of cart']);
    expect(messages((g) => Object.assign(service(g, 'cart'), { health: { kind: 'exec', command: ['grpc_health_probe', '-addr=:7070'] } }))).toEqual([]);
  });
});

describe('compose and the Dockerfile', () => {
  const { files } = synth(portsGraph(), { targets: ['docker', 'compose'] });
  const compose = parse(files['docker/docker-compose.yml']).services;

  it('publishes only ports with "host": on 127.0.0.1 unless public, per port', () => {
    expect(compose.frontend.ports).toEqual(['8080:80', '127.0.0.1:9100:9100']);
    expect(compose.catalog.ports).toEqual(['9000:9000']);
    for (const name of ['cart', 'dns', 'checker', 'quiet', 'poller']) expect({ name, ports: compose[name].ports }).toEqual({ name, ports: undefined });
  });

  it('exposes every container port in the image, UDP ones as such, and sets PORT to the primary one', () => {
    expect(files['docker/Dockerfile.frontend']).toContain('\nEXPOSE 80 9100\n');
    expect(files['docker/Dockerfile.frontend']).toMatch(/PORT=80\b/);
    expect(files['docker/Dockerfile.dns']).toContain('\nEXPOSE 5353/udp\n');
    expect(files['docker/Dockerfile.poller']).not.toContain('EXPOSE');
  });

  it('lowers the unprivileged port start to the lowest container port', () => {
    expect(compose.frontend.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '80' });
  });

  it('checks health by kind, in compose and the Dockerfile alike; none and UDP have no check', () => {
    expect(compose.catalog.healthcheck.test.join(' ')).toContain("require('http2')");
    expect(compose.cart.healthcheck.test.slice(0, 3)).toEqual(['CMD', 'python', '-c']);
    expect(compose.cart.healthcheck.test[3]).toContain('create_connection(("127.0.0.1",7070)');
    expect(compose.checker.healthcheck.test).toEqual(['CMD', '/app/check', '--ready']);
    expect(compose.poller.healthcheck.test).toEqual(['CMD', 'python', '-m', 'poller.alive']);
    expect(compose.quiet.healthcheck).toBeUndefined();
    expect(compose.dns.healthcheck).toBeUndefined();
    expect(files['docker/Dockerfile.quiet']).toContain('HEALTHCHECK NONE');
    expect(files['docker/Dockerfile.dns']).toContain('HEALTHCHECK NONE');
    expect(files['docker/Dockerfile.checker']).toContain('CMD ["/app/check", "--ready"]');
  });

  it('waits for a service without a check until it started, never until healthy', () => {
    expect(compose.frontend.depends_on).toEqual({
      cart: { condition: 'service_healthy' },
      catalog: { condition: 'service_healthy' },
      checker: { condition: 'service_healthy' },
      dns: { condition: 'service_started' },
      quiet: { condition: 'service_started' },
    });
  });

  it('lists the published HTTP ports in start.sh', () => {
    const start = files['docker/start.sh'];
    expect(start).toContain('frontend: http://127.0.0.1:8080/health');
    expect(start).toContain('catalog (admin): http://127.0.0.1:9000');
    expect(start).not.toContain('127.0.0.1:9100');
  });
});

describe('a go service checked over TCP', () => {
  it('builds the TCP probe into the image and runs it on the port', () => {
    const graph = portsGraph() as any;
    Object.assign(service(graph, 'cart'), { runtime: 'go' });
    const r = synth(graph, { targets: ['compose'] });
    const compose = parse(r.files['docker/docker-compose.yml']).services;
    expect(compose.cart.healthcheck.test).toEqual(['CMD', '/app/healthcheck', '127.0.0.1:7070']);
  });
});

describe('Kubernetes', () => {
  const r = render(portsGraph());
  const container = (name: string) => podTemplate(r.get('Deployment', name)).spec.containers[0];

  it('lists every port in the Service: name, Service port → container port, protocol, h2c for gRPC', () => {
    expect(r.get('Service', 'frontend').spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 80 },
      { name: 'metrics', port: 9100, targetPort: 9100 },
    ]);
    expect(r.get('Service', 'catalog').spec.ports).toEqual([
      { name: 'grpc', port: 3550, targetPort: 3550, appProtocol: 'kubernetes.io/h2c' },
      { name: 'admin', port: 9000, targetPort: 9000 },
    ]);
    expect(r.get('Service', 'dns').spec.ports).toEqual([{ name: 'udp', port: 5353, targetPort: 5353, protocol: 'UDP' }]);
    expect(container('dns').ports).toEqual([{ containerPort: 5353, name: 'udp', protocol: 'UDP' }]);
  });

  it('probes natively by kind: grpc, tcpSocket, exec; none for kind none (liveness stays)', () => {
    expect(container('catalog').readinessProbe.grpc).toEqual({ port: 3550, service: 'shop.Catalog' });
    expect(container('catalog').livenessProbe.grpc).toEqual({ port: 3550 });
    expect(container('catalog').readinessProbe.tcpSocket).toBeUndefined();
    expect(container('cart').readinessProbe.tcpSocket).toEqual({ port: 7070 });
    expect(container('checker').readinessProbe.exec).toEqual({ command: ['/app/check', '--ready'] });
    expect(container('checker').livenessProbe.exec).toEqual({ command: ['/app/check'] });
    expect(container('quiet').readinessProbe).toBeUndefined();
    expect(container('quiet').livenessProbe.tcpSocket).toEqual({ port: 8081 });
    expect(container('dns').readinessProbe).toBeUndefined();
    expect(container('dns').livenessProbe).toBeUndefined();
    expect(container('poller').readinessProbe.exec).toEqual({ command: ['python', '-m', 'poller.alive'] });
    expect(container('poller').livenessProbe).toBeUndefined();
  });

  it('lets outsiders reach only public ports, and callers the target port with its protocol', () => {
    expect(r.get('Service', 'frontend').spec.type).toBe('LoadBalancer');
    expect(r.get('Service', 'catalog').spec.type).toBe('LoadBalancer');
    expect(r.get('Service', 'cart').spec.type).toBe('ClusterIP');
    expect(r.get('NetworkPolicy', 'allow-frontend-from-anywhere').spec.ingress).toEqual([{ ports: [{ port: 80, protocol: 'TCP' }] }]);
    expect(r.get('NetworkPolicy', 'allow-catalog-from-anywhere').spec.ingress).toEqual([{ ports: [{ port: 9000, protocol: 'TCP' }] }]);
    expect(r.get('NetworkPolicy', 'allow-frontend-to-dns').spec.egress[0].ports).toEqual([{ port: 5353, protocol: 'UDP' }]);
    expect(r.get('NetworkPolicy', 'allow-frontend-to-cart').spec.egress[0].ports).toEqual([{ port: 7070, protocol: 'TCP' }]);
  });

  it('waits in init containers on the Service port, and not for a UDP service', () => {
    const waits = podTemplate(r.get('Deployment', 'frontend')).spec.initContainers.map((c: any) => c.command.join(' '));
    expect(waits.some((w: string) => /nc -z -w \d+ cart 7000/.test(w))).toBe(true);
    expect(waits.some((w: string) => / dns /.test(w))).toBe(false);
  });
});

describe('the whole output', () => {
  it('stays as reviewed (compose and the Kubernetes services)', () => {
    const { files } = synth(portsGraph(), { targets: ['compose', 'k8s'] });
    expect(files['docker/docker-compose.yml']).toMatchSnapshot();
    expect(files['kubernetes/20-services.yaml']).toMatchSnapshot();
  });
});
