/**
 * Your own cdk8s objects beside topograph's (issue 18), the TypeScript door: a CronJob (cdk8s-plus)
 * in topograph's services chart and a ServiceMonitor (a plain ApiObject) in a chart of your own,
 * both referring to topograph's catalog Service by construct (its name, labels and port), so a
 * rename follows. The documented example (docs/_drafts/d.md) is this test.
 */
import { ApiObject, Chart, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Topology, WebService } from '../../src';
import { Testing } from '../../src/testing';

function build(port = { name: 'http', port: 8000 }) {
  const app = Testing.app();
  const topology = new Topology(app, 'shop');
  new WebService(topology, 'catalog', { runtime: 'image', image: 'ghcr.io/acme/catalog:1.0.0', user: 10001, ports: [port] });

  // --- the documented example ---
  const catalog = topology.kubernetes.service('catalog');

  // A nightly job that calls the catalog, in topograph's 20-services.yaml.
  const services = topology.kubernetes.chart('20-services.yaml');
  new kplus.CronJob(services, 'reindex', {
    metadata: { name: 'catalog-reindex' },
    schedule: Cron.schedule({ minute: '0', hour: '3' }),
    containers: [
      {
        name: 'reindex',
        image: 'curlimages/curl:8.11.1',
        args: ['-fsS', '-X', 'POST', `http://${catalog.name}:${catalog.ports[0].port}/admin/reindex`],
        securityContext: { user: 10001, group: 10001 },
        resources: {},
      },
    ],
  });

  // A Prometheus Operator ServiceMonitor selecting the catalog Service by its labels, in a chart of your own.
  const monitoring = new Chart(app, 'monitoring', { namespace: topology.namespace });
  new ApiObject(monitoring, 'catalog-monitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: `${catalog.name}-monitor` },
    spec: {
      selector: { matchLabels: { ...catalog.metadata.labels } },
      endpoints: [{ port: catalog.ports[0].name, interval: '30s' }],
    },
  });
  // --- end of the example ---
  return { app, topology };
}

describe('your own cdk8s objects', () => {
  const { app, topology } = build();
  const out = Testing.synth(app);

  it('writes the CronJob into topograph\'s services file, pointing at the catalog Service', () => {
    const cron = out.manifest('CronJob', 'catalog-reindex');
    expect(cron.metadata.namespace).toBe('shop');
    expect(cron.spec.schedule).toBe('0 3 * * *');
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].args).toContain('http://catalog:8000/admin/reindex');
    expect(out.file('kubernetes/20-services.yaml')).toContain('name: catalog-reindex');
  });

  it('writes the ServiceMonitor into the chart\'s own file, selecting the catalog Service by its labels', () => {
    const monitor = out.manifest('ServiceMonitor', 'catalog-monitor');
    const service = out.manifest('Service', 'catalog');
    expect(monitor.metadata.namespace).toBe('shop');
    expect(monitor.spec.selector.matchLabels).toEqual(service.metadata.labels);
    expect(Object.keys(monitor.spec.selector.matchLabels)).toContain('app.kubernetes.io/name');
    expect(monitor.spec.endpoints).toEqual([{ port: service.spec.ports[0].name, interval: '30s' }]);
    expect(Object.keys(out.files)).toContain('kubernetes/monitoring.k8s.yaml');
  });

  it('follows the Service: another port reaches both objects', () => {
    const other = Testing.synth(build({ name: 'web', port: 9000 }).app);
    expect(other.manifest('CronJob', 'catalog-reindex').spec.jobTemplate.spec.template.spec.containers[0].args).toContain('http://catalog:9000/admin/reindex');
    expect(other.manifest('ServiceMonitor', 'catalog-monitor').spec.endpoints[0].port).toBe('web');
    expect(topology.kubernetes.service('catalog').ports[0].port).toBe(8000);
  });
});
