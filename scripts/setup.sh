#!/usr/bin/env bash
# npm run setup [-- --bench]: install the Debian packages the tests run (real binaries), when missing,
# and start PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) when they are not running.
# .ci/run calls it too, so a fresh machine and CI are set up the same way.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: npm run setup [-- --bench]

Installs, with apt-get, the Debian packages whose binaries the tests run, only those missing from
PATH, then starts PostgreSQL and Redis on 127.0.0.1 when they are not answering.

  --bench     also install what only the benchmarks need (prometheus-postgres-exporter)
  -h, --help  print this help and exit

Runs apt-get as root, or through sudo when not root. Environment: none.
USAGE
}

# One table: the binary looked for on PATH, the Debian package that provides it, and who needs it
# (test: `npm test`; bench: `npm run bench:*`, installed with --bench). Add a row to add a tool.
PACKAGES='
promtool                      prometheus                    test
prometheus                    prometheus                    test
amtool                        prometheus-alertmanager       test
prometheus-alertmanager       prometheus-alertmanager       test
prometheus-pushgateway        prometheus-pushgateway        test
prometheus-blackbox-exporter  prometheus-blackbox-exporter  test
redis-server                  redis-server                  test
redis-cli                     redis-tools                   test
pg_ctlcluster                 postgresql                    test
pg_isready                    postgresql-client             test
psql                          postgresql-client             test
docker-compose                docker-compose                test
logrotate                     logrotate                     test
chromium                      chromium                      test
victoria-metrics              victoria-metrics              test
prometheus-postgres-exporter  prometheus-postgres-exporter  bench
'

groups=(test)
for arg in "$@"; do
  case "$arg" in
    --bench) groups+=(bench) ;;
    -h | --help) usage; exit 0 ;;
    *) echo "setup: unknown option $arg (see npm run setup -- --help)" >&2; exit 64 ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
while read -r binary package group; do
  [ -n "$binary" ] || continue
  [[ " ${groups[*]} " == *" $group "* ]] || continue
  command -v "$binary" >/dev/null 2>&1 || missing+=("$package")
done <<<"$PACKAGES"

if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The same commands the CI machine image uses. The tests connect as postgres without a password
# (test/support/postgres.ts): a cluster this run installed gets trust on 127.0.0.1, as CI's has; an
# existing cluster is left as it is and checked.
cluster_version="$(ls /etc/postgresql | sort -V | tail -1)"
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  # The first matching line wins: this one, at the top.
  as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "/etc/postgresql/$cluster_version/main/pg_hba.conf"
  as_root pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main restart || true
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "setup: starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main start
fi
if ! psql -w -h 127.0.0.1 -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
  echo "setup: PostgreSQL on 127.0.0.1:5432 must let user postgres in without a password (trust, as in CI): the tests connect as postgres://postgres@127.0.0.1:5432" >&2
  exit 1
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "setup: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
fi
echo "setup: ready"
