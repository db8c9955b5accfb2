"""A real OpenID Connect provider for the tests: `oidc_provider.mjs` (npm `oidc-provider`) on loopback.

`TestProvider.start(...)` runs one instance; `set_account(login, claims, amr=...)` decides what the
next login of `login` asserts (the script reads the accounts file at every login).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID = "spuk-test"
CLIENT_SECRET = "test-client-secret-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestProvider:
    __test__ = False  # not a test class for pytest

    def __init__(self, workdir: Path, app_url: str, *, issuer: str | None = None, accounts_file: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = issuer or self.url
        self.workdir = workdir
        self.accounts_file = accounts_file or workdir / f"accounts-{self.port}.json"
        if not self.accounts_file.exists():
            self.accounts_file.write_text("{}")
        self.app_url = app_url.rstrip("/")
        self.process: subprocess.Popen | None = None

    def start(self) -> TestProvider:
        node = shutil.which("node")
        if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
            pytest.fail("node or node_modules/oidc-provider missing: run `npm ci`")
        config = {
            "port": self.port,
            "issuer": self.issuer,
            "accounts_file": str(self.accounts_file),
            "clients": [
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [f"{self.app_url}/oidc/callback/"],
                    "post_logout_redirect_uris": [f"{self.app_url}/account/inloggen/"],
                    "token_endpoint_auth_method": "client_secret_post",
                    "grant_types": ["authorization_code"],
                    "response_types": ["code"],
                }
            ],
        }
        config_file = self.workdir / f"provider-{self.port}.json"
        config_file.write_text(json.dumps(config))
        self.log = (self.workdir / f"provider-{self.port}.log").open("w+")
        self.process = subprocess.Popen(
            [node, str(SCRIPT), str(config_file)], cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, text=True
        )
        deadline = time.monotonic() + 20
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("LISTENING"):
                return self
            if not line and self.process.poll() is not None:
                break
        self.stop()
        self.log.seek(0)
        pytest.fail(f"oidc-provider did not start: {self.log.read()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def set_account(self, login: str, claims: dict, *, amr: list[str] | None = None, acr: str | None = None) -> None:
        accounts = json.loads(self.accounts_file.read_text())
        accounts[login] = {"claims": claims, "amr": amr, "acr": acr}
        self.accounts_file.write_text(json.dumps(accounts))

    def endpoints(self) -> dict:
        """The configuration fields of `IdentityProvider` for this instance (as discovery would give)."""
        return {
            "issuer": self.issuer,
            "discovery_url": f"{self.url}/.well-known/openid-configuration",
            "authorization_endpoint": f"{self.url}/auth",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/me",
            "jwks_uri": f"{self.url}/jwks",
            "end_session_endpoint": f"{self.url}/session/end",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }
