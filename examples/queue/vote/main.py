"""Vote: the front end. A POSTed vote is pushed on a redis list; the worker takes it from there.

Redis is spoken directly (RESP over a socket, a few commands only): no client library to install.
"""
import json
import os
import socket
from urllib.parse import urlparse

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI(title="vote")

QUEUE = "votes"
CHOICES = ("cats", "dogs")


class Vote(BaseModel):
    voter: str
    choice: str


def redis_command(*args: str) -> bytes:
    """Sends one command to the redis of REDIS_URL and returns its reply's first line."""
    url = urlparse(os.environ["REDIS_URL"])
    encoded = [a.encode() for a in args]
    request = b"*%d\r\n" % len(encoded) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in encoded)
    with socket.create_connection((url.hostname, url.port or 6379), timeout=2) as conn:
        conn.sendall(request)
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = conn.recv(256)
            if not chunk:
                break
            reply += chunk
    return reply.rstrip(b"\r\n")


@app.get("/health")
def health():
    try:
        ok = redis_command("PING") == b"+PONG"
    except OSError:
        ok = False
    return JSONResponse({"status": "ok" if ok else "unhealthy", "checks": {"redis": ok}}, status_code=200 if ok else 503)


@app.get("/")
def choices():
    return {"choices": list(CHOICES)}


@app.post("/vote", status_code=202)
def vote(body: Vote):
    if body.choice not in CHOICES or not 1 <= len(body.voter) <= 64:
        raise HTTPException(status_code=422, detail=f"choice must be one of {', '.join(CHOICES)}; voter 1-64 characters")
    reply = redis_command("RPUSH", QUEUE, json.dumps({"voter": body.voter, "choice": body.choice}))
    if not reply.startswith(b":"):
        raise HTTPException(status_code=503, detail="the queue did not take the vote")
    return {"queued": True, "waiting": int(reply[1:])}
