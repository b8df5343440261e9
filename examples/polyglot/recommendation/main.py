"""Recommendation service: suggests products over gRPC (polyglot.Recommendation/ListRecommendations,
JSON messages so no generated code is needed) from the catalog at PRODUCT_CATALOG_SERVICE_ADDR, and
answers the standard grpc.health.v1 health check (grpcio generic handlers: HealthCheckRequest is
the protobuf {1: service}, HealthCheckResponse {1: status}, SERVING = 1)."""
import json
import logging
import os
import random
import signal
from concurrent import futures

import grpc

SERVICE = "polyglot.Recommendation"
SERVING = b"\x08\x01"
CATALOG = os.environ.get("PRODUCT_CATALOG_SERVICE_ADDR", "catalog:3550")


def requested_service(message: bytes) -> str:
    if len(message) >= 2 and message[0] == 0x0A and message[1] < 0x80:
        return message[2 : 2 + message[1]].decode("utf-8")
    return ""


def check(request: bytes, context: grpc.ServicerContext) -> bytes:
    if requested_service(request) not in ("", SERVICE):
        context.abort(grpc.StatusCode.NOT_FOUND, "unknown service")
    return SERVING


def list_recommendations(request: dict, context: grpc.ServicerContext) -> dict:
    with grpc.insecure_channel(CATALOG) as channel:
        list_products = channel.unary_unary(
            "/polyglot.Catalog/ListProducts",
            request_serializer=lambda value: json.dumps(value).encode("utf-8"),
            response_deserializer=json.loads,
        )
        products = list_products({}, timeout=3)
    exclude = set(request.get("productIds", []))
    ids = [p["id"] for p in products if p["id"] not in exclude]
    return {"productIds": random.sample(ids, min(len(ids), 4))}


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    port = os.environ.get("PORT", "8080")
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler("grpc.health.v1.Health", {"Check": grpc.unary_unary_rpc_method_handler(check)}),
            grpc.method_handlers_generic_handler(
                SERVICE,
                {
                    "ListRecommendations": grpc.unary_unary_rpc_method_handler(
                        list_recommendations,
                        request_deserializer=lambda data: json.loads(data or b"{}"),
                        response_serializer=lambda value: json.dumps(value).encode("utf-8"),
                    )
                },
            ),
        )
    )
    server.add_insecure_port(f"0.0.0.0:{port}")
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(5))
    logging.info("recommendation: gRPC on %s (catalog at %s)", port, CATALOG)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
