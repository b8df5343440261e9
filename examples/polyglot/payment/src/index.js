'use strict';
// Payment service: charges a card over gRPC (polyglot.Payment/Charge, JSON messages so no generated
// code is needed) and answers the standard grpc.health.v1 health check.
const crypto = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const { HealthImplementation } = require('grpc-health-check');

const SERVICE = 'polyglot.Payment';
const port = Number(process.env.PORT || 50051);

const json = {
  serialize: (value) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes) => JSON.parse(bytes.toString('utf8') || '{}'),
};
const definition = {
  Charge: {
    path: `/${SERVICE}/Charge`,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};

function charge(call, callback) {
  const { amount, card = '' } = call.request;
  if (!(amount > 0) || !/^\d{12,19}$/.test(card)) {
    callback({ code: grpc.status.INVALID_ARGUMENT, details: 'a positive amount and a card number of 12 to 19 digits are required' });
    return;
  }
  callback(null, { transactionId: crypto.randomUUID() });
}

const server = new grpc.Server();
server.addService(definition, { Charge: charge });
new HealthImplementation({ '': 'SERVING', [SERVICE]: 'SERVING' }).addToServer(server);
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));

server.bindAsync(`0.0.0.0:${port}`, grpc.ServerCredentials.createInsecure(), (error) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(`payment: gRPC on ${port}`);
});
