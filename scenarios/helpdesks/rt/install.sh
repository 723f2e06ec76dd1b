#!/bin/bash
# Install Request Tracker 5 from Debian's packages, with no prompts, skipping what is installed.
# SQLite backend and the Starlet standalone server; SLALAB_RT_DB=pg adds PostgreSQL (recipe §9).
# Safe to re-run; needs root; reads no stdin (works under CI=true).
source "$(dirname "$0")/lib.sh"
rt_check_loopback
rt_require_root
exec </dev/null

packages=("${RT_PACKAGES[@]}")
[[ "$RT_DB" == pg ]] && packages+=(rt5-db-postgresql postgresql)
command -v curl >/dev/null || packages+=(curl)

if rt_installed "${packages[@]}"; then
  rt_log "install: ${packages[*]} already installed"
else
  t0=$(rt_seconds)
  # Debconf answers: no prompts, SQLite via dbconfig-common, no cron jobs, exim local-only.
  debconf-set-selections <<'PRESEED'
request-tracker5 request-tracker5/rtname string slalab.local
request-tracker5 request-tracker5/organization string slalab.local
request-tracker5 request-tracker5/correspondaddress string rt@slalab.local
request-tracker5 request-tracker5/commentaddress string rt-comment@slalab.local
request-tracker5 request-tracker5/webbaseurl string http://127.0.0.1:8080
request-tracker5 request-tracker5/webpath string /rt
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/db/basepath string /var/lib/dbconfig-common/sqlite3/request-tracker5
request-tracker5 request-tracker5/db/dbname string rtdb
exim4-config exim4/dc_eximconfig_configtype select local delivery only; not on a network
exim4-config exim4/dc_local_interfaces string 127.0.0.1 ; ::1
exim4-config exim4/mailname string slalab.local
PRESEED
  # The package's postinst falls back to root password "password"; slalab's seed replaces it.
  if ! apt-cache show request-tracker5 >/dev/null 2>&1; then
    rt_log "install: no package lists yet; running apt-get update"
    apt-get update -q
  fi
  rt_log "install: apt-get install ${packages[*]}"
  DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true NEEDRESTART_MODE=a \
    apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${packages[@]}"
  rt_log "install: done in $(rt_elapsed "$t0") s"
fi

[[ -x "$RT_SERVER" ]] || rt_die "install: $RT_SERVER is missing after the install"
