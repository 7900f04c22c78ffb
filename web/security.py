"""Logins, sessions, CSRF and the login rate limit of the workspace.

- The session cookie holds a random token (the catalogue keeps only its SHA-256): HttpOnly,
  SameSite=Strict, Secure when `web_secure_cookies` is set (behind a TLS proxy).
- Every form that changes something carries the session's CSRF token; the login form carries
  a token of its own (a cookie and a field that must agree: double submit).
- Five failed logins for one name from one address within 15 minutes lock that pair for the
  rest of the 15 minutes (HTTP 429), whatever the password.
- The API takes `Authorization: Bearer <token>` (`sohoa user token NAME`), never cookies, so
  no other site can make a browser call it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import Request

from pipeline.accounts import User

SESSION_COOKIE = "sohoa_session"
LOGIN_COOKIE = "sohoa_login"

#: failed logins allowed per name and address within WINDOW seconds
MAX_FAILURES = 5
WINDOW = 15 * 60

#: headers on every answer: nothing framed from elsewhere, nothing run that is not ours
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; object-src 'self'; frame-src 'self'; "
                               "frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class LoginLimiter:
    """Failed logins per (name, address), in this process (one web process serves a desk)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW):
        self.max_failures, self.window = max_failures, window
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and q[0] < now - self.window:
            q.popleft()
        return q

    def locked(self, name: str, address: str) -> bool:
        with self._lock:
            return len(self._recent((name, address), time.monotonic())) >= self.max_failures

    def failed(self, name: str, address: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent((name, address), now).append(now)

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._failures.pop((name, address), None)


@dataclass(frozen=True)
class Visitor:
    """The logged-in user of a request and the session's CSRF token."""

    user: User
    csrf: str
    token: str


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and secrets.compare_digest(str(a), str(b))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


def bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
