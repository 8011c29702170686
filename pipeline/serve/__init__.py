"""The review app behind ``casefile serve``: a local web page to accept, reject,
correct and undo decisions on the store's events, with the keyboard.

:func:`create_app` builds the ASGI application; :func:`serve` runs it with
uvicorn after checking where it may listen.
"""
from __future__ import annotations

import logging

from pipeline.serve.app import create_app
from pipeline.serve.security import check_bind

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def serve(store_url: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None,
          reviewer: str | None = None) -> None:
    """Serve the review app until interrupted. E301 before anything listens
    when ``host`` is beyond loopback and there is no token; E201 when there
    is no store at ``store_url``."""
    import uvicorn

    check_bind(host, token)
    app = create_app(store_url, token=token, reviewer=reviewer, host=host)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False,
                access_log=False)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]
