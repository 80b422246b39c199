#!/usr/bin/env bash
# Set up debatekit's environment (idempotent) and run one task in it.
#
#   scripts/run.sh lab     set up, then start JupyterLab on notebooks/ and print the URL
#   scripts/run.sh voila   set up, then serve the student app (notebooks/ in Voila)
#   scripts/run.sh test    set up (including a browser, PostgreSQL and JupyterHub's proxy for
#                          the tests that need them), then lint + tests
#   scripts/run.sh class   set up, then run a class in one room (debatekit class serve)
#
# The environment is a virtualenv in .venv (override with DEBATEKIT_VENV). Works as root
# (CI and containers) and as a normal user. Needs Python >= 3.11; nothing else is downloaded
# at run time except packages from PyPI (and, for `test`, Debian's chromium and postgresql
# and npm's configurable-http-proxy).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
task="${1:-}"
shift || true
venv="${DEBATEKIT_VENV:-$here/.venv}"
port="${PORT:-8888}"

say() { printf '\033[1m[debatekit]\033[0m %s\n' "$*" >&2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

pick_python() {
  for py in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  say "debatekit needs Python 3.11 or newer (python3 --version shows yours)."
  say "On Debian/Ubuntu: sudo apt-get install python3 python3-venv"
  exit 2
}

ensure_venv() {
  local extras="$1" stamp="$venv/.debatekit-$1"
  if [ ! -x "$venv/bin/python" ]; then
    local py
    py="$(pick_python)"
    say "creating a virtual environment in $venv"
    if ! "$py" -m venv "$venv" 2>/dev/null; then
      say "python's venv module is missing; installing python3-venv"
      rm -rf "$venv"
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null ||
        { say "please install python3-venv (apt-get install python3-venv) and run again"; exit 2; }
      "$py" -m venv "$venv"
    fi
  fi
  # Re-install when pyproject.toml changed since the last install for these extras. The test
  # extras include the lab ones, so after `make test` nothing is missing for `make lab`.
  local test_stamp="$venv/.debatekit-test"
  if [ "$extras" = lab ] && [ -f "$test_stamp" ] && [ ! pyproject.toml -nt "$test_stamp" ]; then
    return 0
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing debatekit and its dependencies ($extras) — takes a minute the first time"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[$extras]"
    touch "$stamp"
  fi
}

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return 0; fi
  say "installing Debian's chromium for the browser tests"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq chromium >/dev/null; }; then
    say "could not install chromium (needs root or sudo); browser tests will be skipped"
  fi
}

# Three tests use a package from npm; each goes into .cache/npm (nothing global, outside the
# package), npm itself comes from Debian. npm_install WHAT PACKAGE installs PACKAGE for WHAT,
# or says that WHAT will be skipped (the tests fail instead of skipping in CI).
npm_install() {
  local what="$1" package="$2"
  if ! command -v npm >/dev/null 2>&1; then
    say "installing Debian's nodejs and npm for $what"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq nodejs npm >/dev/null ||
      { say "could not install npm; $what will be skipped (and fail in CI)"; return 0; }
  fi
  say "installing $package (npm) into .cache/npm for $what"
  npm install --prefix "$here/.cache/npm" --no-audit --no-fund --silent "$package" ||
    say "could not install $package; $what will be skipped (and fail in CI)"
}

# The accessibility check in the browser tests injects axe-core into the pages.
ensure_axe() {
  [ -f "$here/.cache/npm/node_modules/axe-core/axe.min.js" ] ||
    npm_install "the accessibility check" axe-core
}

# The store tests start their own PostgreSQL server (initdb + pg_ctl in a temporary folder), so
# they need Debian's server programs; CI fails (does not skip) the tests without them.
ensure_postgresql() {
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1; then
    return 0
  fi
  say "installing Debian's postgresql for the store tests"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq postgresql >/dev/null; }; then
    say "could not install postgresql (needs root or sudo); the PostgreSQL tests will be skipped (and fail in CI)"
  fi
}

# The JupyterHub end-to-end test needs JupyterHub's proxy, configurable-http-proxy.
ensure_proxy() {
  [ -x "$here/.cache/npm/node_modules/.bin/configurable-http-proxy" ] ||
    npm_install "the JupyterHub test" configurable-http-proxy
}

# The Argdown export is checked with the Argdown project's own parser, @argdown/core.
ensure_argdown_parser() {
  [ -d "$here/.cache/npm/node_modules/@argdown/core" ] ||
    npm_install "the check of the Argdown export with Argdown's parser" @argdown/core@1
}

root_flag() { [ "$(id -u)" = 0 ] && echo "--allow-root" || true; }

case "$task" in
  lab)
    ensure_venv lab
    say "starting JupyterLab — open the URL printed below (with its token) in your browser"
    exec "$venv/bin/jupyter" lab --no-browser --ServerApp.ip="${HOST:-127.0.0.1}" \
      --ServerApp.port="$port" --ServerApp.root_dir="$here/notebooks" $(root_flag) "$@"
    ;;
  voila)
    ensure_venv lab
    # Only the student notebooks (01-04) are served: a fresh copy in .debatekit/app (Voila
    # never writes to a notebook, so a copy loses nothing); voila.json (read from $here)
    # selects debatekit's template, found through JUPYTER_PATH.
    app="$here/.debatekit/app"
    rm -rf "$app" && mkdir -p "$app"
    cp "$here"/notebooks/0[1-4]_*.ipynb "$app"/
    if [ -f "$here/notebooks/assignment.toml" ]; then cp "$here/notebooks/assignment.toml" "$app"/; fi
    say "starting the student app (Voila) at http://${HOST:-127.0.0.1}:$port/"
    cd "$here"
    JUPYTER_PATH="$here/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}" exec "$venv/bin/voila" "$app" \
      --no-browser --Voila.ip="${HOST:-127.0.0.1}" --port="$port" "$@"
    ;;
  class)
    ensure_venv lab
    say "starting the class: the student app and the teacher's live view (Ctrl-C stops both)"
    exec "$venv/bin/python" -m debatekit class serve "$@"
    ;;
  test)
    ensure_venv test
    ensure_chromium
    ensure_axe
    ensure_postgresql
    ensure_proxy
    ensure_argdown_parser
    export PATH="$venv/bin:$PATH"
    say "lint: ruff check + ruff format --check"
    ruff check .
    ruff format --check .
    say "tests: pytest"
    exec python -m pytest "$@"
    ;;
  *)
    echo "usage: scripts/run.sh lab|voila|class|test [extra arguments]" >&2
    exit 2
    ;;
esac
