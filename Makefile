# Two commands do all set-up: `make run` starts the app, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Loopback by default; a set address also stops Streamlit looking up this machine's public IP.
ADDRESS ?= localhost

.PHONY: run test lint unit e2e browser static data check-data validate bench load clean
.PHONY: balancer cluster cluster-stop cluster-status load-cluster frontend

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamp files record that the pinned requirements are installed; editing a file re-installs.
# The project itself is installed too (editable), so `dashboard` and `geodata` import as
# packages wherever the app or a test runs from; nothing edits sys.path.
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
$(VENV)/.installed-run: requirements.txt pyproject.toml | $(PY)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(PIP) -r requirements-dev.txt
	$(PIP) --no-deps -e .
	touch $@ $(VENV)/.installed-run

# Leaflet is copied from the xstatic packages into dashboard/static/vendor (gitignored).
static: $(VENV)/.installed-run
	$(PY) -c "from dashboard.map.offline import ensure_context, ensure_vendor; ensure_vendor(); ensure_context()"
	$(PY) -c "from dashboard.map.assets import ensure_assets; ensure_assets()"

run: static
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.address $(ADDRESS)

# The browser tests drive Debian's chromium; install it when we can (root) and it is missing.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	elif [ "$${CI:-}" = true ]; then \
		echo "chromium is missing and cannot be installed (not root): the browser tests need it" >&2; \
		exit 1; \
	else \
		echo "note: chromium is missing; the browser tests will be skipped (apt-get install chromium)"; \
	fi

# Style, the architecture's import contracts and code nothing uses (both set in pyproject.toml),
# and the map's JavaScript parses (when node is installed).
lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	@# deadcode's own command exits 0 even when it reports something, so call it here.
	$(PY) -c "import sys; from deadcode.cli import main; found = main(sys.argv[1:]); \
		found and print(found); sys.exit(bool(found))" --no-color dashboard geodata bench tests
	@if command -v node >/dev/null 2>&1; then \
		for f in dashboard/map/js/*.js; do node --check "$$f" || exit 1; done; \
	fi

unit: $(VENV)/.installed-dev static
	$(PY) -m pytest -m "not e2e"

e2e: $(VENV)/.installed-dev static browser
	$(PY) -m pytest -m e2e

test: $(VENV)/.installed-dev static browser balancer $(VENV)/.installed-cluster frontend lint
	$(PY) -m pytest

data: $(VENV)/.installed-dev
	$(PY) -m geodata.build

check-data: $(VENV)/.installed-dev
	$(PY) -m geodata.build --check
	$(PY) -m geodata.validate

validate: $(VENV)/.installed-run
	$(PY) -m geodata.validate

# Benchmarks: our app against the naive build and an empty page; 20 concurrent sessions.
bench: $(VENV)/.installed-dev static browser
	$(PY) -m bench.run --runs 3

load: $(VENV)/.installed-dev static browser
	$(PY) bench/load_sessions.py --sessions 20

# Several replicas behind HAProxy on one port, kept up by supervisord (README, "Deployment").
REPLICAS ?= 2
CLUSTER_PORT ?= 8600
CLUSTER_ADDRESS ?= 127.0.0.1
BASE_PATH ?=
# Started as root, run the replicas and the balancer as this user instead.
CLUSTER_USER ?=

$(VENV)/.installed-cluster: requirements-cluster.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-cluster.txt
	touch $@

# The load balancer is Debian's haproxy; installed like chromium when we can (root).
balancer:
	@if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy; \
	elif [ "$${CI:-}" = true ]; then \
		echo "haproxy is missing and cannot be installed (not root): the cluster test needs it" >&2; \
		exit 1; \
	else \
		echo "note: haproxy is missing; the cluster test will be skipped (apt-get install haproxy)"; \
	fi

cluster: $(VENV)/.installed-run $(VENV)/.installed-cluster static balancer frontend
	$(PY) -m cluster start --replicas $(REPLICAS) --port $(CLUSTER_PORT) \
		--address $(CLUSTER_ADDRESS) --base-path "$(BASE_PATH)" --user "$(CLUSTER_USER)"

# Streamlit's frontend compressed once for the replicas (cluster/frontend.py; ~1 min of CPU
# with Brotli, once per Streamlit version); a replica that finds it missing makes it.
frontend: $(VENV)/.installed-cluster
	$(PY) -c "from cluster.frontend import folder; print(folder())"

# Stops only what the pid files in .cluster/ name; needs nothing beyond the standard library.
cluster-stop:
	@$(if $(wildcard $(PY)),$(PY),$(PYTHON)) -m cluster stop

cluster-status:
	@$(if $(wildcard $(PY)),$(PY),$(PYTHON)) -m cluster status --replicas $(REPLICAS) --port $(CLUSTER_PORT)

# 40 readers on 2 replicas, one replica killed mid-run, and 1 against 2 replicas: protocol-level
# tabs (bench/st_client.py) plus 3 Chromium pages that check the map in a real browser.
load-cluster: $(VENV)/.installed-dev $(VENV)/.installed-cluster static browser balancer frontend
	$(PY) bench/load_cluster.py --sessions 40

clean:
	rm -rf dashboard/static/vendor .pytest_cache test-results .import_linter_cache *.egg-info
