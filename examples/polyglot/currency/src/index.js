'use strict';
// Currency service: converts amounts between currencies over gRPC (polyglot.Currency/Convert, JSON
// messages so no generated code is needed) and answers the standard grpc.health.v1 health check.
// SIGUSR2 toggles the health status between SERVING and NOT_SERVING (the e2e suite uses it).
const grpc = require('@grpc/grpc-js');
const { HealthImplementation } = require('grpc-health-check');

const SERVICE = 'polyglot.Currency';
const port = Number(process.env.PORT || 7000);
const rates = { EUR: 1, USD: 1.08, GBP: 0.86, JPY: 162.4 };

const json = {
  serialize: (value) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes) => JSON.parse(bytes.toString('utf8') || '{}'),
};
const definition = {
  Convert: {
    path: `/${SERVICE}/Convert`,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};

function convert(call, callback) {
  const { amount = 0, from = 'EUR', to = 'EUR' } = call.request;
  if (!(from in rates) || !(to in rates)) {
    callback({ code: grpc.status.INVALID_ARGUMENT, details: `unknown currency: ${from in rates ? to : from}` });
    return;
  }
  callback(null, { amount: Math.round((amount / rates[from]) * rates[to] * 100) / 100, currency: to });
}

const server = new grpc.Server();
server.addService(definition, { Convert: convert });
const health = new HealthImplementation({ '': 'SERVING', [SERVICE]: 'SERVING' });
health.addToServer(server);

let serving = true;
process.on('SIGUSR2', () => {
  serving = !serving;
  const status = serving ? 'SERVING' : 'NOT_SERVING';
  health.setStatus('', status);
  health.setStatus(SERVICE, status);
  console.log(`health: ${status}`);
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));

server.bindAsync(`0.0.0.0:${port}`, grpc.ServerCredentials.createInsecure(), (error) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(`currency: gRPC on ${port}`);
});
