"""Catalog: a minimal FastAPI service whose /health checks the dependencies it is wired to."""
import os
import socket
from urllib.parse import urlparse

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI(title="catalog")

PRODUCTS = [{"id": 1, "name": "Teapot", "price_cents": 1800}]


def reachable(url: str) -> bool:
    """True when the host:port of a connection URL accepts a TCP connection within 2 s."""
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


@app.get("/health")
def health():
    checks = {name: reachable(os.environ[var]) for name, var in
              (("database", "DATABASE_URL"), ("redis", "REDIS_URL"), ("nats", "NATS_URL")) if var in os.environ}
    ok = all(checks.values())
    return JSONResponse({"status": "ok" if ok else "unhealthy", "checks": checks}, status_code=200 if ok else 503)


@app.get("/products")
def products():
    return PRODUCTS
