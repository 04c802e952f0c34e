#!/usr/bin/env bash
# Installs the Debian packages bilingue uses, only when running as root with
# apt-get, and only what is missing.
#   scripts/system-deps.sh         for the tests: Apertium (in CI also LibreOffice and
#                                  poppler); elsewhere says what it skipped, and the
#                                  tests that need them are skipped with a reason.
#   scripts/system-deps.sh engine  for `make run`: Apertium and its two pairs, the
#                                  embedded default engine; silent when it cannot
#                                  install (`bilingue models ensure` then says what to
#                                  install, in one line).
set -u
mode="${1:-tests}"
want=()
command -v apertium >/dev/null 2>&1 || want+=(apertium)
[ -d /usr/share/apertium/apertium-fr-es ] || want+=(apertium-fr-es)
[ -d /usr/share/apertium/apertium-eng-spa ] || want+=(apertium-eng-spa)
if [ "$mode" = "tests" ] && [ "${CI:-}" = "true" ]; then
  command -v soffice >/dev/null 2>&1 || want+=(libreoffice-writer-nogui)
  command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  [ "$mode" = "tests" ] \
    && echo "note: not installing ${want[*]} (needs root and apt-get); tests that need them will be skipped"
  exit 0
fi
echo "installing Debian packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null 2>&1 \
  || echo "note: apt-get install ${want[*]} failed"
exit 0
