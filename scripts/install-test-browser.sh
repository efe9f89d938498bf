#!/usr/bin/env bash
# Installs the headless browser the browser tests drive (CdsSandboxBrowserTest): Debian's chromium and its
# matching chromedriver, from the distribution's own packages, so Selenium never downloads a browser or a
# driver of its own (the build machines reach package registries only). Run by Maven in
# generate-test-resources (see pom.xml); does nothing when both are already there.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
	exit 0
fi

echo "install-test-browser: /usr/bin/chromium or /usr/bin/chromedriver missing; installing Debian's chromium and chromium-driver"
packages=(chromium chromium-driver)
if [[ "$(id -u)" -eq 0 ]]; then
	run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	run=(sudo -n)
else
	echo "install-test-browser: cannot install ${packages[*]}: not root and no password-less sudo." >&2
	echo "install-test-browser: install them yourself (apt-get install chromium chromium-driver) or skip tests (-DskipTests)." >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# ${run[@]+...}: an empty array is "unbound" under set -u in bash before 4.4.
if ! ${run[@]+"${run[@]}"} apt-get update || ! ${run[@]+"${run[@]}"} apt-get install -y --no-install-recommends "${packages[@]}"; then
	echo "install-test-browser: apt-get could not install ${packages[*]} (no Debian/Ubuntu apt, or no network?)." >&2
	exit 1
fi

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
	echo "install-test-browser: apt-get finished but /usr/bin/chromium or /usr/bin/chromedriver is still missing." >&2
	exit 1
fi
echo "install-test-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed"
