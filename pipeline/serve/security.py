"""The review app's defences: where it listens, who may ask, what a page may run.

- **Loopback by default.** :func:`check_bind` refuses a host other than
  loopback without a token (E301).
- **Token.** With a token every request needs it: ``?token=`` once (it
  becomes an HttpOnly cookie and the address is cleaned), the cookie, or an
  ``Authorization: Bearer`` / ``X-Casefile-Token`` header.
- **Host header.** On loopback only ``127.0.0.1``, ``localhost`` and ``::1``
  are answered, so a page elsewhere cannot reach the app by DNS rebinding.
- **CSRF.** Every state-changing request is a POST carrying the token of the
  ``casefile_csrf`` cookie (double submit, SameSite=Strict); without it, or
  from another origin, 403.
- **Headers.** A Content-Security-Policy that runs only the app's own script
  file (no inline script, no plugin, no framing, nothing from elsewhere),
  no MIME sniffing, no referrer, no caching of pages.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

from pipeline.errors import CasefileError

TOKEN_COOKIE = "casefile_token"
CSRF_COOKIE = "casefile_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """E301 for a host beyond loopback without a token."""
    if not is_loopback(host) and not token:
        raise CasefileError("E301", f"--host {host} would let anyone on the network change the store")


def _hostname(header: str) -> str:
    """The host of a Host header, without its port (``[::1]:8765`` -> ``[::1]``)."""
    if header.startswith("["):
        return header.split("]")[0] + "]"
    return (header.rsplit(":", 1)[0] if header.count(":") == 1 else header).lower()


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode("utf-8"), str(b).encode("utf-8"))


class Guard(BaseHTTPMiddleware):
    """Token, Host header, the CSRF cookie and the security headers, on every request."""

    def __init__(self, app: ASGIApp, token: str | None, loopback_only: bool):
        super().__init__(app)
        self.token = token
        self.loopback_only = loopback_only

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = self._refuse(request)
        if response is None:
            csrf = request.cookies.get(CSRF_COOKIE)
            fresh = None
            if not csrf or len(csrf) < 32:
                csrf = fresh = secrets.token_urlsafe(32)
            request.state.csrf = csrf
            response = await call_next(request)
            if fresh:
                response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        for name, value in HEADERS.items():
            response.headers[name] = value
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["cache-control"] = "no-store"
        return response

    def _refuse(self, request: Request) -> Response | None:
        if self.loopback_only and _hostname(request.headers.get("host") or "") not in LOOPBACK_NAMES:
            return PlainTextResponse("unknown host", status_code=421)
        if not self.token:
            return None
        given = request.query_params.get("token")
        if given is not None:
            if not _same(given, self.token):
                return PlainTextResponse("wrong token", status_code=401)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + ("?" + urlencode(rest) if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return response
        auth = request.headers.get("authorization", "")
        offered = (
            request.cookies.get(TOKEN_COOKIE)
            or request.headers.get("x-casefile-token")
            or (auth[7:] if auth.lower().startswith("bearer ") else None)
        )
        if not _same(offered, self.token):
            return PlainTextResponse("this casefile serve needs its token: open the address it printed", status_code=401)
        return None


async def checked_form(request: Request) -> FormData:
    """The form of a state-changing POST, once its CSRF token is checked (403 otherwise)."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.headers.get("host"):
            raise HTTPException(403, "cross-origin request refused")
    form = await request.form()
    cookie = request.cookies.get(CSRF_COOKIE)
    supplied = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not _same(cookie, supplied if isinstance(supplied, str) else None):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return form
