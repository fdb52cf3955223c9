#!/bin/sh
# Renders callwright's Asterisk configuration into /etc/asterisk, then runs
# the command (Asterisk). The same steps as `npm run asterisk:check --
# --render-to`, in plain sh for an image without Node:
#   1. asterisk-conf/*.conf with ${PLACEHOLDERS} filled by envsubst (only the
#      names listed below: nothing else in the files is touched);
#   2. the trunk variant of TRUNK_MODE (ip | registration) as pjsip_trunk.conf;
#   3. dialplan/*.conf copied as they are (their ${...} are dialplan
#      variables), with the CALLWRIGHT_AGI and ARI_APP globals set;
#   4. pjsip_agents.conf linked from the volume callwright writes it to.
set -eu

# Directories (overridable so the rendering can be tested without an image).
CONF=${CALLWRIGHT_CONF_DIR:-/etc/callwright/asterisk-conf}
DIALPLAN=${CALLWRIGHT_DIALPLAN_DIR:-/etc/callwright/dialplan}
BASE=${CALLWRIGHT_BASE_DIR:-/etc/callwright/base}
AGENTS=${CALLWRIGHT_AGENTS_FILE:-/var/lib/callwright-agents/pjsip_agents.conf}
OUT=${ASTERISK_CONF_DIR:-/etc/asterisk}
TRUNK_MODE=${TRUNK_MODE:-ip}

# Every placeholder asterisk-conf/ uses (src/deploy/render.ts PLACEHOLDERS).
PLACEHOLDERS='ARI_USER ARI_PASSWORD AMI_USER AMI_SECRET ASTERISK_BIND_ADDRESS CALLWRIGHT_NETWORK TRUNK_HOST TRUNK_USERNAME TRUNK_PASSWORD'

case "$TRUNK_MODE" in
  ip) required='ARI_USER ARI_PASSWORD AMI_USER AMI_SECRET ASTERISK_BIND_ADDRESS CALLWRIGHT_NETWORK TRUNK_HOST' ;;
  registration) required="$PLACEHOLDERS" ;;
  *) echo "TRUNK_MODE must be ip or registration, not '$TRUNK_MODE'" >&2; exit 2 ;;
esac
missing=''
for name in $required CALLWRIGHT_AGI; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || missing="$missing $name"
done
if [ -n "$missing" ]; then
  echo "set these variables (docker/.env):$missing" >&2
  exit 2
fi

vars=''
for name in $PLACEHOLDERS; do vars="$vars \${$name}"; done

cp "$BASE"/*.conf "$OUT"/
# Each node of several needs its own systemname: it prefixes every uniqueid
# (channel id), so two nodes never hand callwright the same id.
if [ -n "${ASTERISK_SYSTEM_NAME:-}" ]; then
  echo "systemname = $ASTERISK_SYSTEM_NAME" >> "$OUT/asterisk.conf"
fi
for file in "$CONF"/*.conf; do
  name=$(basename "$file")
  case "$name" in
    pjsip_trunk_*.conf) continue ;;
  esac
  envsubst "$vars" < "$file" > "$OUT/$name"
done
envsubst "$vars" < "$CONF/pjsip_trunk_$TRUNK_MODE.conf" > "$OUT/pjsip_trunk.conf"

for file in "$DIALPLAN"/*.conf; do
  sed -e "/^\[globals\]/,/^\[/ s|^CALLWRIGHT_AGI=.*|CALLWRIGHT_AGI=$CALLWRIGHT_AGI|" \
      -e "/^\[globals\]/,/^\[/ s|^ARI_APP=.*|ARI_APP=${ARI_APP:-callwright}|" \
      "$file" > "$OUT/$(basename "$file")"
done

if id asterisk >/dev/null 2>&1; then chown -R asterisk:asterisk "$OUT"; fi
# Secrets inside: readable by Asterisk only.
chmod 0640 "$OUT"/*.conf

# Written by `npm run asterisk:agents` in the callwright container; until
# then pjsip.conf's #tryinclude finds nothing and no phone can register.
ln -sf "$AGENTS" "$OUT/pjsip_agents.conf"
exec "$@"
