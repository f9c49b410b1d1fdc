#!/usr/bin/env bash
# Installs what the tests need from Debian's packages when it is missing:
# PostgreSQL (the tests start their own cluster), Graphviz (workflow diagrams as SVG) and
# Chromium (the browser tests drive it with Playwright; no browser is downloaded) and
# Node.js with npm (the real OpenID Provider of the login tests).
set -euo pipefail

mangler=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || mangler+=(postgresql)
command -v dot >/dev/null 2>&1 || mangler+=(graphviz)
command -v runuser >/dev/null 2>&1 || mangler+=(util-linux)
[ -x /usr/bin/chromium ] || mangler+=(chromium)
# Node.js runs the real OpenID Provider (oidc-provider from npm) of tests/e2e/test_ekte_oidc.py.
command -v node >/dev/null 2>&1 || mangler+=(nodejs)
command -v npm >/dev/null 2>&1 || mangler+=(npm)

if [ ${#mangler[@]} -eq 0 ]; then
    exit 0
fi
echo "Installerer fra Debians pakker: ${mangler[*]}"
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${mangler[@]}" >/dev/null
