# Shared steps of scripts/run and scripts/test. Every step is idempotent: a second run reuses
# what the first one made and keeps the data in the database.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# Local overrides (e.g. DATABASE_URL), never committed.
if [ -f .env ]; then set -a; . ./.env; set +a; fi

# The local PostgreSQL cluster (used only when DATABASE_URL is not given).
MAKIN_PGDATA=${MAKIN_PGDATA:-/var/lib/makin/pgdata}
MAKIN_PGPORT=${MAKIN_PGPORT:-5433}
MAKIN_PGRUN=$(dirname "$MAKIN_PGDATA")/run
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() { [ "$(id -u)" = 0 ]; }

system_packages() {
  local pkgs=(python3 python3-venv python3-dev gettext
    postgresql postgresql-contrib
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
    chromium)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if ! as_root || ! command -v apt-get >/dev/null; then
      log "missing system packages (${missing[*]}); install them or run as root on Debian"
      return 0
    fi
    log "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

python_env() {
  if [ ! -x .venv/bin/python ]; then
    log "creating the virtual environment .venv"
    python3 -m venv .venv
  fi
  # The lock file (bash scripts/lock) pins every package and its hashes: an install gets
  # exactly those files or fails. The stamp follows the lock, so a new lock reinstalls.
  local lock=requirements/dev-lock.txt
  local stamp=.venv/.installed-$(sha1sum "$lock" | cut -c1-12)
  if [ ! -f "$stamp" ]; then
    log "installing Python packages from $lock"
    # This machine's pip configuration warns about missing local indexes; keep real errors.
    .venv/bin/python -m pip install -q -U pip 2> >(grep -v "is ignored: it is neither" >&2)
    .venv/bin/python -m pip install -q --require-hashes --no-deps -r "$lock" \
      2> >(grep -v "is ignored: it is neither" >&2)
    rm -f .venv/.installed-*
    touch "$stamp"
  fi
}

postgres_cluster() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "using DATABASE_URL (no local cluster started)"
    return 0
  fi
  if ! as_root; then
    echo "Not root: set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME to an existing PostgreSQL" >&2
    exit 1
  fi
  mkdir -p "$MAKIN_PGDATA" "$MAKIN_PGRUN"
  chown postgres:postgres "$MAKIN_PGDATA" "$MAKIN_PGRUN"
  chmod 700 "$MAKIN_PGDATA"
  if [ ! -f "$MAKIN_PGDATA/PG_VERSION" ]; then
    log "creating the PostgreSQL cluster in $MAKIN_PGDATA"
    runuser -u postgres -- "$PGBIN/initdb" -D "$MAKIN_PGDATA" -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  fi
  if ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$MAKIN_PGDATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$MAKIN_PGPORT"
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$MAKIN_PGDATA" -l "$MAKIN_PGDATA/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $MAKIN_PGPORT -k $MAKIN_PGRUN" start >/dev/null
  fi
  local psql=(runuser -u postgres -- psql -h "$MAKIN_PGRUN" -p "$MAKIN_PGPORT" -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='makin'")" != 1 ]; then
    "${psql[@]}" -c "create role makin login createdb password 'makin'"
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='makin'")" != 1 ]; then
    "${psql[@]}" -c "create database makin owner makin"
  fi
  export DATABASE_URL="postgres://makin:makin@127.0.0.1:$MAKIN_PGPORT/makin"
}

compile_messages() {
  .venv/bin/python manage.py compilemessages --ignore=.venv -v 0
}

prepare() {
  system_packages
  python_env
  postgres_cluster
  compile_messages
}
