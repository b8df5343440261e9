"""The image's own health check (`python healthcheck.py`): a grpc.health.v1.Health/Check call to
this server on 127.0.0.1:$PORT, exit 0 only for SERVING. A HealthCheckRequest for the whole server
is the empty message; HealthCheckResponse{status: SERVING} is the protobuf bytes 08 01."""
import os
import sys

import grpc


def main() -> int:
    port = os.environ.get("PORT", "8080")
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        check = channel.unary_unary("/grpc.health.v1.Health/Check")
        try:
            answer = check(b"", timeout=3)
        except grpc.RpcError as error:
            print(f"health check failed: {error.code().name}", file=sys.stderr)
            return 1
    return 0 if answer == b"\x08\x01" else 1


if __name__ == "__main__":
    sys.exit(main())
