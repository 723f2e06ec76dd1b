#!/bin/bash
# Configure RT for slalab: REST2 at http://127.0.0.1:PORT/REST/2.0/, loopback only, cheap bcrypt,
# mail to an mbox (never sendmail), slalab's own SQLite file (or PostgreSQL with SLALAB_RT_DB=pg).
# Idempotent: rewrites one file, /etc/request-tracker5/RT_SiteConfig.d/99-slalab.pm.
source "$(dirname "$0")/lib.sh"
rt_check_loopback
rt_require_root
[[ -x "$RT_SERVER" ]] || rt_die "configure: RT is not installed; run install.sh first"

db_line="Set(\$DatabaseName, '$RT_SQLITE');   # slalab's own SQLite file; the package's DB is left alone"
if [[ "$RT_DB" == pg ]]; then
  db_line="# database: see 55-slalab-pg.pm (SLALAB_RT_DB=pg)"
else
  rm -f "$RT_PG_CONF"
fi

conf=$(mktemp)
trap 'rm -f "$conf"' EXIT
cat >"$conf" <<PM
# Written by slalab (scenarios/helpdesks/rt/configure.sh); loaded last, so these Set() calls win.
Set(\$WebDomain, '${RT_URL_HOST}');
Set(\$WebPort, $RT_PORT);
Set(\$WebPath, '');                            # REST2 at /REST/2.0/ (debconf's /rt would move it)
Set(\$WebBaseURL, '$RT_URL');     # every _url and hyperlink REST2 returns
Set(\$CanonicalizeRedirectURLs, 0);
Set(\$RestrictReferrer, 0);
Set(\$MailCommand, 'mbox');                    # never sendmail: mail goes to $RT_MBOX_DIR/*.mbox
Set(\$LogToSyslog, undef);                     # no syslog daemon here
Set(\$LogToSTDERR, 'warning');                 # -> the rt-server log
Set(\$BcryptCost, 4);                          # the default 12 costs ~270 ms of CPU per request
Set(%PriorityAsString, Default => [ P1 => 100, P2 => 75, P3 => 50, P4 => 25 ]);
$db_line
1;
PM
if ! cmp -s "$conf" "$RT_CONF"; then
  install -o root -g www-data -m 640 "$conf" "$RT_CONF"
  rt_log "configure: wrote $RT_CONF"
fi
# Debian installs RT_SiteConfig.pm root:root 0600, which www-data cannot read.
chown root:www-data /etc/request-tracker5/RT_SiteConfig.pm
chmod 640 /etc/request-tracker5/RT_SiteConfig.pm
install -d -o www-data -g www-data -m 770 "$RT_DATA_DIR"
install -d -m 700 "$RT_STATE_DIR"

printf '%s\n' "$RT_DB" >"$RT_BACKEND_FILE"

if [[ "$RT_DB" == pg ]]; then
  SLALAB_RT_DB=pg "$RT_HERE/pg-setup.sh"
elif [[ ! -s "$RT_PRISTINE" ]]; then
  # A pristine RT database of our own: schema, ACLs and core data, as dbconfig-common makes it.
  t0=$(rt_seconds)
  rm -f "$RT_SQLITE" "$RT_SQLITE-journal"
  pwfile=$(mktemp)
  openssl rand -hex 16 >"$pwfile" # root's initial password; seed.sh replaces it
  chown www-data "$pwfile"
  (cd /tmp && runuser -u www-data -- /usr/sbin/rt-setup-database-5 --action init \
    --root-password-file "$pwfile") >/dev/null 2> >(grep -v 'internal HTML converter' >&2) ||
    { rm -f "$pwfile"; rt_die "configure: rt-setup-database-5 failed"; }
  rm -f "$pwfile"
  install -o www-data -g www-data -m 640 "$RT_SQLITE" "$RT_PRISTINE"
  rt_log "configure: created the pristine database $RT_PRISTINE in $(rt_elapsed "$t0") s"
fi
