#!/bin/bash
# PostgreSQL backend for RT (SLALAB_RT_DB=pg; recipe §9), called by configure.sh. Idempotent:
# starts the local cluster (it listens on localhost only), and on first use creates the role and
# database slalab_rt, initialises RT's schema into it and keeps it as template slalab_rt_pristine.
# The database password is generated here and lives only in RT's config file (root:www-data 0640).
source "$(dirname "$0")/lib.sh"
rt_check_loopback
rt_require_root
[[ "$RT_DB" == pg ]] || rt_die "pg-setup: SLALAB_RT_DB is not pg"
rt_installed postgresql rt5-db-postgresql || rt_die "pg-setup: run install.sh with SLALAB_RT_DB=pg first"

read -r pg_ver pg_cluster _ < <(pg_lsclusters -h | awk '$2 == "main" { print $1, $2; exit }') ||
  rt_die "pg-setup: no PostgreSQL cluster named main (pg_lsclusters)"
if ! pg_ctlcluster "$pg_ver" "$pg_cluster" status >/dev/null 2>&1; then
  pg_ctlcluster "$pg_ver" "$pg_cluster" start # policy-rc.d blocks the service; start it directly
  rt_log "pg-setup: started PostgreSQL $pg_ver/$pg_cluster"
fi
listen=$(rt_pg_sql -c 'SHOW listen_addresses')
pg_port=$(rt_pg_sql -c 'SHOW port')
case "$listen" in
  localhost | 127.0.0.1 | '' | 'localhost,127.0.0.1' | '127.0.0.1,::1' | 'localhost,::1') ;;
  *) rt_die "pg-setup: PostgreSQL listens on '$listen'; slalab only uses a loopback-only cluster" ;;
esac

if [[ -s "$RT_PG_CONF" ]] && rt_pg_db_exists "$RT_PG_DB"_pristine; then
  exit 0
fi
t0=$(rt_seconds)
pw=$(openssl rand -hex 16)
rt_pg_sql <<SQL
DROP DATABASE IF EXISTS ${RT_PG_DB} WITH (FORCE);
DROP DATABASE IF EXISTS ${RT_PG_DB}_seed WITH (FORCE);
DROP DATABASE IF EXISTS ${RT_PG_DB}_pristine WITH (FORCE);
DROP ROLE IF EXISTS ${RT_PG_DB};
CREATE ROLE ${RT_PG_DB} LOGIN PASSWORD '$pw';
CREATE DATABASE ${RT_PG_DB} OWNER ${RT_PG_DB} ENCODING 'UTF8' TEMPLATE template0;
SQL
conf=$(mktemp)
cat >"$conf" <<PM
# Written by slalab (scenarios/helpdesks/rt/pg-setup.sh): RT on the local PostgreSQL.
Set(\$DatabaseType, 'Pg');
Set(\$DatabaseHost, '127.0.0.1');   # TCP, so password auth (Unix socket = peer auth, fails for www-data)
Set(\$DatabasePort, '$pg_port');
Set(\$DatabaseName, '$RT_PG_DB');
Set(\$DatabaseUser, '$RT_PG_DB');
Set(\$DatabasePassword, '$pw');
Set(\$DatabaseAdmin, '$RT_PG_DB');  # database pre-created and owned by this role: no superuser needed
1;
PM
install -o root -g www-data -m 640 "$conf" "$RT_PG_CONF"
rm -f "$conf"
pwfile=$(mktemp)
openssl rand -hex 16 >"$pwfile" # root's initial password; seed.sh replaces it
chown www-data "$pwfile"
# The DBA password goes through the environment (RT_DBA_PASSWORD), never the command line.
(cd /tmp && RT_DBA_PASSWORD=$pw setpriv --reuid=www-data --regid=www-data --init-groups \
  /usr/sbin/rt-setup-database-5 --action init --skip-create --dba "$RT_PG_DB" \
  --root-password-file "$pwfile") >/dev/null 2> >(grep -v 'internal HTML converter' >&2) ||
  { rm -f "$pwfile"; rt_die "pg-setup: rt-setup-database-5 failed"; }
rm -f "$pwfile"
unset pw
rt_pg_snapshot "$RT_PG_DB"_pristine
rt_log "pg-setup: created PostgreSQL database $RT_PG_DB and its pristine template in $(rt_elapsed "$t0") s"
