"""What guards the review app, asked by a plain HTTP client of a running `casefile serve`."""
from __future__ import annotations

import re
import shutil

import httpx
import pytest

from pipeline.serve.security import CSP
from pipeline.store import QueueFilter, open_store
from tests.conftest import free_port
from tests.serve.conftest import cli, start_server, stop_server

TOKEN = "s3cret-token-for-tests"


def first_event(db: str) -> str:
    with open_store(db, create=False) as store:
        return store.queue_ids(QueueFilter())[0][0]


def status(db: str, event_id: str) -> str:
    with open_store(db, create=False) as store:
        return store.get_event(event_id).status


def page_form(client: httpx.Client, form_id: str) -> dict[str, str]:
    """The hidden fields of one form of the queue page, as a browser would send them."""
    html = client.get("/").text
    form = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.DOTALL).group(0)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


@pytest.fixture(scope="module")
def refusing(sample_db, tmp_path_factory):
    """One server for the tests in which every write is refused (so none changes what another sees)."""
    db = tmp_path_factory.mktemp("refusing") / "casefile.db"
    shutil.copyfile(sample_db, db)
    srv = start_server(f"sqlite:///{db}")
    yield srv
    stop_server(srv)


@pytest.fixture
def client(refusing):
    with httpx.Client(base_url=refusing.url, follow_redirects=False, timeout=10) as c:
        yield c


@pytest.mark.parametrize("path", ["/decide", "/edit", "/undo", "/export"])
def test_a_post_without_the_csrf_token_is_refused(refusing, client, path):
    fields = page_form(client, "form-accept")
    assert client.post(path, data={k: v for k, v in fields.items() if k != "csrf"}).status_code == 403
    # The cookie alone is not enough, nor a token that is not the cookie's.
    assert client.post(path, data={**fields, "csrf": "x" * 43}).status_code == 403
    fresh = httpx.post(refusing.url + path, data=fields)  # another client: the token without its cookie
    assert fresh.status_code == 403
    assert status(refusing.db, fields["event_id"]) == "unreviewed"


def test_the_same_post_with_the_token_is_applied(server):
    client = httpx.Client(base_url=server.url, follow_redirects=False, timeout=10)
    fields = page_form(client, "form-accept")
    res = client.post("/decide", data=fields)
    assert res.status_code == 303 and res.headers["location"].startswith("/?")
    assert status(server.db, fields["event_id"]) == "accepted"
    undo = page_form(client, "form-undo")
    assert undo["event_id"] == fields["event_id"]
    assert client.post("/undo", data=undo).status_code == 303
    assert status(server.db, fields["event_id"]) == "unreviewed"
    client.close()


def test_a_post_from_another_origin_is_refused_even_with_the_token(refusing, client):
    fields = page_form(client, "form-accept")
    res = client.post("/decide", data=fields, headers={"origin": "http://evil.example"})
    assert res.status_code == 403 and status(refusing.db, fields["event_id"]) == "unreviewed"


def test_state_is_never_changed_by_a_get(refusing, client):
    event_id = first_event(refusing.db)
    assert client.get("/decide", params={"event_id": event_id, "decision": "accepted"}).status_code == 405
    assert status(refusing.db, event_id) == "unreviewed"


@pytest.mark.parametrize("path,code", [("/", 200), ("/static/serve.js", 200), ("/document/no-such-doc", 404),
                                       ("/person/p_0", 404), ("/decide", 405)])
def test_every_response_carries_the_security_headers(client, path, code):
    res = client.get(path)
    assert res.status_code == code
    assert res.headers["content-security-policy"] == CSP
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'"):
        assert directive in res.headers["content-security-policy"]
    assert res.headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_and_load_nothing_from_elsewhere(client):
    for path in ("/", "/document/hostile", "/?doc=hostile"):
        html = client.get(path).text
        assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/serve.js" defer>']
        assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", html)
        if "hostile" in path:
            assert "<script>document.title" not in html and "&lt;script&gt;document.title" in html
        assert not re.search(r"\son\w+=", html.replace("onerror=alert(1)&gt;", ""))  # no event handler attributes


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "192.168.1.5"])
def test_on_loopback_other_host_names_are_not_answered(client, host):
    """A page elsewhere cannot reach the app by pointing its own name at 127.0.0.1."""
    assert client.get("/", headers={"host": host}).status_code == 421


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "example.org", "::"])
def test_beyond_loopback_without_a_token_it_refuses_to_start(sample_db, host):
    res = cli("serve", "--db", f"sqlite:///{sample_db}", "--host", host, "--port", str(free_port()), timeout=60,
              env={"CASEFILE_TOKEN": ""})
    assert res.returncode == 2
    assert "E301" in res.stderr and "token" in res.stderr


def test_a_missing_store_is_a_coded_error(tmp_path):
    res = cli("serve", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--port", str(free_port()), timeout=60)
    assert res.returncode == 2 and "E201" in res.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.fixture
def token_server(store_copy):
    srv = start_server(store_copy, host="0.0.0.0", env={"CASEFILE_TOKEN": TOKEN}, ready_status=401)
    yield srv
    stop_server(srv)


def test_with_a_token_every_request_needs_it(token_server):
    url = token_server.url
    for path in ("/", "/static/serve.js", "/document/hostile", "/person/p_0"):
        assert httpx.get(url + path).status_code == 401, path
    assert httpx.get(url + "/", params={"token": "wrong"}).status_code == 401
    assert httpx.get(url + "/", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert httpx.get(url + "/", headers={"x-casefile-token": TOKEN}).status_code == 200
    with httpx.Client(base_url=url, timeout=10) as c:
        first = c.get("/", params={"token": TOKEN, "doc": "hostile"}, follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/?doc=hostile"  # the token leaves the address
        assert "httponly" in first.headers["set-cookie"].lower()
        page = c.get(first.headers["location"])
        assert page.status_code == 200 and "hostile" in page.text
        # A POST also needs the CSRF token, token or not.
        fields = page_form(c, "form-accept")
        assert c.post("/decide", data={k: v for k, v in fields.items() if k != "csrf"}).status_code == 403
        assert c.post("/decide", data=fields, follow_redirects=False).status_code == 303
    assert status(token_server.db, fields["event_id"]) == "accepted"
    # Beyond loopback any host name is answered: the token is what guards it.
    assert httpx.get(url + "/", headers={"host": "review.lan", "x-casefile-token": TOKEN}).status_code == 200
