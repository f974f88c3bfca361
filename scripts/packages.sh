# Debian packages installed only when missing; sourced by scripts/setup.sh
# and bench/lib.sh (for the benchmark scripts), so each script installs what it uses.
#   missing_packages P...   prints those of P... not installed, one per line
#   apt_install P...        installs P... (sudo when not root), no recommends

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

apt_install() {
  local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "${PACKAGES_LOG_TAG:-setup}: installing $*"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
