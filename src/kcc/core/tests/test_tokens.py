from __future__ import annotations

from kcc.core import tokens


def test_a_token_never_starts_with_a_dash(monkeypatch):
    drawn = iter(["-looks-like-an-option", "-again", "Ab3-fine"])
    monkeypatch.setattr(tokens.secrets, "token_urlsafe", lambda nbytes: next(drawn))
    assert tokens.new_secret_token() == "Ab3-fine"


def test_a_token_has_256_random_bits():
    token = tokens.new_secret_token()
    assert len(token) == 43 and token != tokens.new_secret_token()
