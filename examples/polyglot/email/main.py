"""Email service: sends order confirmations over gRPC (polyglot.Email/SendConfirmation, JSON
messages so no generated code is needed) and answers the standard grpc.health.v1 health check.

The health service is written against grpcio's generic handlers: a HealthCheckRequest is the
protobuf {1: service}, a HealthCheckResponse {1: status} with SERVING = 1, NOT_FOUND for an
unknown service name."""
import json
import logging
import os
import signal
from concurrent import futures

import grpc

SERVICE = "polyglot.Email"
SERVING = b"\x08\x01"


def requested_service(message: bytes) -> str:
    """The service name (field 1) of a HealthCheckRequest, '' when absent."""
    if len(message) >= 2 and message[0] == 0x0A and message[1] < 0x80:
        return message[2 : 2 + message[1]].decode("utf-8")
    return ""


def check(request: bytes, context: grpc.ServicerContext) -> bytes:
    if requested_service(request) not in ("", SERVICE):
        context.abort(grpc.StatusCode.NOT_FOUND, "unknown service")
    return SERVING


def send_confirmation(request: dict, context: grpc.ServicerContext) -> dict:
    address = request.get("email", "")
    if "@" not in address:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "an email address is required")
    logging.info("confirmation for order %s sent to %s", request.get("orderId"), address)
    return {"sent": True}


def as_json(handler):
    return grpc.unary_unary_rpc_method_handler(
        handler,
        request_deserializer=lambda data: json.loads(data or b"{}"),
        response_serializer=lambda value: json.dumps(value).encode("utf-8"),
    )


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    port = os.environ.get("PORT", "8080")
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler("grpc.health.v1.Health", {"Check": grpc.unary_unary_rpc_method_handler(check)}),
            grpc.method_handlers_generic_handler(SERVICE, {"SendConfirmation": as_json(send_confirmation)}),
        )
    )
    server.add_insecure_port(f"0.0.0.0:{port}")
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(5))
    logging.info("email: gRPC on %s", port)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
