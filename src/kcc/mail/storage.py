"""Raw messages on disk, addressed by SHA-256: written once, never changed, shared by duplicates."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kcc.mail import conf


def _path(digest: str) -> Path:
    return conf.raw_dir() / digest[:2] / digest[2:4] / f"{digest}.eml"


def store(raw: bytes) -> str:
    """Keep ``raw`` unchanged; returns its SHA-256. Atomic: a reader never sees half a file."""
    digest = hashlib.sha256(raw).hexdigest()
    path = _path(digest)
    if path.exists():
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(raw)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def load(digest: str) -> bytes:
    return _path(digest).read_bytes()


def exists(digest: str) -> bool:
    return _path(digest).exists()


def remove(digest: str) -> None:
    """Delete a raw message at the end of its retention term (``kcc.retentie``)."""
    _path(digest).unlink(missing_ok=True)
