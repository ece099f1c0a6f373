# KCC: `make run` starts the demo municipality, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium
DOVECOT ?= /usr/sbin/dovecot

.PHONY: install run test test-fast lint bench browser imap clean vendor

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "KCC needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/kcc migrate --noinput
	$(BIN)/kcc demo
	$(BIN)/kcc run

# The browser tests drive Debian's Chromium (never a downloaded browser).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package (sudo apt-get install chromium) for the browser tests."; exit 1; fi; }

# The mail tests poll a real IMAP server: Debian's Dovecot, started by the tests on a free port.
imap:
	@test -x $(DOVECOT) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; \
	  else echo "Install Debian's dovecot-imapd package (sudo apt-get install dovecot-imapd) for the mail tests."; exit 1; fi; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src bench scripts

test: install browser imap lint
	$(BIN)/kcc makemigrations --check --dry-run
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser" -x

bench: install
	$(BIN)/python bench/kennisbank_relevance.py
	$(BIN)/python bench/kennisbank_search.py
	$(BIN)/python bench/medewerkers_search.py
	$(BIN)/python bench/contacten.py
	$(BIN)/python bench/meldingen_load.py
	$(BIN)/python bench/melding_photo.py
	$(BIN)/python bench/klachtherkenning.py
	$(BIN)/python bench/mail_ingest.py
	$(BIN)/python bench/afspraken.py
	$(BIN)/python bench/klachten_brief_pdf.py
	$(BIN)/python bench/rapportage.py
	$(BIN)/python bench/klantinteracties_sync.py

# Re-fetch the vendored NL Design System CSS (needs npm; nothing else does).
vendor:
	./scripts/vendor_nlds.sh

clean:
	rm -rf $(VENV) var
