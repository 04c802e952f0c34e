#!/usr/bin/env bash
# Installs the Debian packages the integration tests use (Apertium; in CI also
# LibreOffice and poppler for the DOCX rendering check), only when running as root
# with apt-get, and only what is missing. Elsewhere it says what it skipped; the
# tests that need these packages are then skipped with a visible reason.
set -u
want=()
command -v apertium >/dev/null 2>&1 || want+=(apertium)
[ -d /usr/share/apertium/apertium-fr-es ] || want+=(apertium-fr-es)
[ -d /usr/share/apertium/apertium-eng-spa ] || want+=(apertium-eng-spa)
if [ "${CI:-}" = "true" ]; then
  command -v soffice >/dev/null 2>&1 || want+=(libreoffice-writer-nogui)
  command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: not installing ${want[*]} (needs root and apt-get); tests that need them will be skipped"
  exit 0
fi
echo "installing Debian packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null 2>&1 \
  || echo "note: apt-get install ${want[*]} failed; tests that need them will be skipped"
exit 0
