"""Fixtures of the e-mail tests: a private raw-message directory, message builders, a real Dovecot."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from django.utils import timezone

DOVECOT = os.environ.get("KCC_DOVECOT", "/usr/sbin/dovecot")
CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(autouse=True)
def _raw_dir(settings, tmp_path) -> Path:
    settings.KCC_MAIL_RAW_DIR = str(tmp_path / "raw")
    return tmp_path / "raw"


@pytest.fixture
def make_mail() -> Callable[..., bytes]:
    """``make_mail(subject=..., body=..., **headers)`` → raw bytes of a plain citizen mail."""

    def make(
        *,
        subject: str = "Vraag over mijn paspoort",
        body: str = "Hoe lang duurt het aanvragen van een paspoort?\n\nMet vriendelijke groet,\n\nMevrouw A. de Vries",
        sender: str = "Anna de Vries <anna@example.nl>",
        to: str = "kcc@demodam.nl",
        message_id: str | None = None,
        **headers: str,
    ) -> bytes:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(timezone.now())
        message["Message-ID"] = message_id or make_msgid(domain="example.nl")
        for name, value in headers.items():
            message[name.replace("_", "-")] = value
        message.set_content(body)
        return message.as_bytes()

    return make


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Dovecot:
    """A private Dovecot: own base_dir, passwd-file auth, maildir, loopback port."""

    user = "kcc"
    password = "geheim-imap"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.config = root / "dovecot.conf"

    def write_config(self) -> None:
        root = self.root
        for name in ("run", "state", "home"):
            (root / name).mkdir(exist_ok=True)
        (root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        if os.geteuid() == 0:
            # Dovecot refuses to run mail or login processes as root: use the package's users.
            mail_user, internal, login = "dovecot", "dovecot", "dovenull"
            record = pwd.getpwnam(mail_user)
            os.chown(root / "home", record.pw_uid, record.pw_gid)
            extra = "service auth {\n  user = root\n}\nservice auth-worker {\n  user = root\n}\n"
        else:
            mail_user = internal = login = pwd.getpwuid(os.geteuid()).pw_name
            extra = ""
        self.config.write_text(
            f"""base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
default_internal_user = {internal}
default_login_user = {login}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_user} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
{extra}"""
        )

    def start(self) -> None:
        self.write_config()
        subprocess.run([DOVECOT, "-c", str(self.config)], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    if connection.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Dovecot did not start: {(self.root / 'dovecot.log').read_text(errors='replace')}")

    def stop(self) -> None:
        subprocess.run([DOVECOT, "-c", str(self.config), "stop"], check=False, capture_output=True)

    def client(self):
        import imaplib

        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(self.user, self.password)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        client = self.client()
        try:
            for raw in messages:
                status, data = client.append(folder, None, None, raw)
                assert status == "OK", data
        finally:
            client.logout()

    def uids(self, folder: str = "INBOX", criterion: str = "ALL") -> list[int]:
        client = self.client()
        try:
            client.select(f'"{folder}"')
            _status, data = client.uid("SEARCH", None, criterion)
            return [int(uid) for uid in b" ".join(data).split()]
        finally:
            client.logout()


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    if not os.path.exists(DOVECOT):
        pytest.fail("Dovecot not found: install Debian's dovecot-imapd (make imap).")
    root = Path(tempfile.mkdtemp(prefix="kcc-dovecot-"))
    root.chmod(0o755)  # the mail and login users must reach their directories
    server = Dovecot(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(db, dovecot):
    from kcc.mail import passwords
    from kcc.mail.models import Mailbox

    return Mailbox.objects.create(
        name="kcc",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=False,
        username=dovecot.user,
        password_encrypted=passwords.encrypt(dovecot.password),
    )
