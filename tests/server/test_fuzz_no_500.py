"""Arbitrary input never makes the server answer 5xx (randomised, reproducible by seed)."""

from __future__ import annotations

import json
import random
import uuid

import requests

from sync.contract import API_PREFIX, PROTOCOL_HEADER, SCHEMA_HEADER
from tests.factories import PASSWORD, build_org

H = {PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}
ENDPOINTS = [
    "/auth/login",
    "/auth/refresh",
    "/auth/logout",
    "/sync/pull",
    "/sync/push",
    "/sync/verify",
    "/sync/snapshot",
    "/admin/assign",
    "/admin/unassign",
    "/admin/users",
    "/admin/users/rep_a/password",
]
FIELDS = ["customer", "visit", "quote", "contact", "gizmo", "complaint", "product", "user"]


def _value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(10 if depth < 2 else 7)
    return [
        lambda: None,
        lambda: rng.choice([True, False]),
        lambda: rng.randint(-(2**70), 2**70),
        lambda: rng.random() * 10 ** rng.randint(-5, 30),
        lambda: "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 40))),
        lambda: str(uuid.UUID(int=rng.getrandbits(128))),
        lambda: rng.choice(["", "NaN", "1e400", "-0", "2026-02-30", "2026-01-01T00:00:00", "x" * 5000]),
        lambda: [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))],
        lambda: {
            rng.choice(
                [
                    "cursor",
                    "max_rows",
                    "client_id",
                    "mutations",
                    "changes",
                    "name",
                    "phone",
                    "username",
                    "password",
                    "refresh_token",
                    "bucket",
                    "territory",
                ]
            ): _value(rng, depth + 1)
            for _ in range(rng.randint(0, 5))
        },
        lambda: _mutation(rng),
    ][kind]()


def _mutation(rng: random.Random) -> dict:
    return {
        "mutation_id": str(uuid.uuid4()),
        "client_seq": rng.randint(-1, 5),
        "entity": rng.choice(FIELDS),
        "row_id": str(uuid.uuid4()),
        "op": rng.choice(["insert", "update", "delete", "upsert"]),
        "changes": {
            rng.choice(["name", "phone", "status", "credit_limit", "checklist", "x"]): _value(rng, 2)
        },
        "base": {},
        "base_version": rng.randint(0, 3),
        "schema_version": 1,
    }


def test_random_requests_never_get_5xx(sqlite_store, live_server):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    tokens = {
        u: requests.post(
            f"{srv.url}{API_PREFIX}/auth/login",
            json={"username": u, "password": PASSWORD},
            headers=H,
            timeout=10,
        ).json()["access_token"]
        for u in ("rep_a", "admin")
    }
    rng = random.Random(20261123)
    http = requests.Session()
    for i in range(400):
        path = rng.choice(ENDPOINTS)
        headers = dict(H)
        if rng.random() < 0.85:
            headers["Authorization"] = f"Bearer {tokens[rng.choice(list(tokens))]}"
        if rng.random() < 0.05:
            headers[PROTOCOL_HEADER] = rng.choice(["0", "9", "x", ""])
        body = _value(rng)
        if path == "/sync/push" and rng.random() < 0.7:
            body = {
                "client_id": str(uuid.uuid4()),
                "mutations": [_mutation(rng) for _ in range(rng.randint(1, 4))],
            }
        data = json.dumps(body) if rng.random() < 0.95 else '{"broken'
        r = http.post(
            f"{srv.url}{API_PREFIX}{path}",
            data=data,
            timeout=30,
            headers={**headers, "Content-Type": "application/json"},
        )
        assert r.status_code < 500, (i, path, body, r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert r.json()["error"]["message"], (i, path, r.text[:300])
