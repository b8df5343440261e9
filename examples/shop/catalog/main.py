"""Catalog: a minimal FastAPI service whose /health checks the dependencies it is wired to."""
import os
import socket
import struct
from urllib.parse import urlparse

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI(title="catalog")

PRODUCTS = [{"id": 1, "name": "Teapot", "price_cents": 1800}]


# What each dependency answers when it is really up, not just a port that accepts connections:
# (bytes to send, accepted first bytes of the reply).
POSTGRES_SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # a PostgreSQL server answers b"S" or b"N"
PROTOCOLS = {
    "DATABASE_URL": (POSTGRES_SSL_REQUEST, (b"S", b"N")),
    "REDIS_URL": (b"PING\r\n", (b"+PONG",)),
    "NATS_URL": (b"", (b"INFO ",)),  # a NATS server greets first
}


def answers(url: str, send: bytes, accepted: tuple) -> bool:
    """True when the server of a connection URL answers `send` as expected within 2 s."""
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2) as conn:
            if send:
                conn.sendall(send)
            reply = b""
            while len(reply) < max(len(a) for a in accepted):
                chunk = conn.recv(64)
                if not chunk:
                    break
                reply += chunk
            return reply.startswith(accepted)
    except OSError:
        return False


@app.get("/health")
def health():
    checks = {name: answers(os.environ[var], *PROTOCOLS[var]) for name, var in
              (("database", "DATABASE_URL"), ("redis", "REDIS_URL"), ("nats", "NATS_URL")) if var in os.environ}
    ok = all(checks.values())
    return JSONResponse({"status": "ok" if ok else "unhealthy", "checks": checks}, status_code=200 if ok else 503)


@app.get("/products")
def products():
    return PRODUCTS
