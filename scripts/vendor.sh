#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (run by `make vendor`).
# Nothing is loaded from a CDN at run time: these files are committed and served locally.
set -euo pipefail
cd "$(dirname "$0")/.."
target=backend/static/vendor
packages=(
  "@utrecht/component-library-css@9.0.4"
  "@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1"
  "htmx.org@2.0.11"
  "htmx-ext-sse@2.2.4"
  "swagger-ui-dist@5.35.0"
  "axe-core@4.14.1"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "${packages[@]}" >/dev/null)
unpack() { mkdir -p "$work/$1" && tar xzf "$work"/$2 -C "$work/$1"; }
unpack utrecht 'utrecht-component-library-css-*.tgz'
unpack tokens 'nl-design-system-unstable-voorbeeld-design-tokens-*.tgz'
unpack htmx 'htmx.org-*.tgz'
unpack sse 'htmx-ext-sse-*.tgz'
unpack swagger 'swagger-ui-dist-*.tgz'
unpack axe 'axe-core-*.tgz'
mkdir -p "$target/swagger-ui" "$target/utrecht" "$target/voorbeeld-design-tokens" "$target/htmx"
cp "$work/utrecht/package/dist/index.css" "$work/utrecht/package/dist/html.css" "$target/utrecht/"
cp "$work/utrecht/package/LICENSE.md" "$target/utrecht/LICENSE.md" 2>/dev/null || true
cp "$work/tokens/package/dist/theme.css" "$target/voorbeeld-design-tokens/"
cp "$work/tokens/package/LICENSE.md" "$target/voorbeeld-design-tokens/LICENSE.md" 2>/dev/null || true
cp "$work/htmx/package/dist/htmx.min.js" "$target/htmx/htmx.min.js"
cp "$work/htmx/package/LICENSE" "$target/htmx/LICENSE" 2>/dev/null || true
cp "$work/sse/package/dist/sse.min.js" "$target/htmx/sse.min.js"
cp "$work/sse/package/LICENSE" "$target/htmx/LICENSE-sse"
cp "$work/swagger/package/swagger-ui-bundle.js" "$work/swagger/package/swagger-ui.css" "$target/swagger-ui/"
cp "$work/swagger/package/LICENSE" "$target/swagger-ui/LICENSE"
# axe-core is for the browser tests only (tests/browser/test_axe.py injects it); never served.
axe=tests/browser/vendor/axe-core
mkdir -p "$axe"
cp "$work/axe/package/axe.min.js" "$work/axe/package/LICENSE" "$axe/"
echo "vendored into $target:"
printf '  %s\n' "${packages[@]}"
