#!/bin/sh
# Re-fetch the NL Design System CSS that KCC vendors into src/kcc/static/vendor/nlds/ (`make vendor`).
# Needs npm; `make install`, `make run` and CI use the committed files and never need npm.
set -eu
UTRECHT_CSS=@utrecht/component-library-css@9.0.4
VOORBEELD_TOKENS=@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1
DEST=$(cd "$(dirname "$0")/.." && pwd)/src/kcc/static/vendor/nlds
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "$UTRECHT_CSS" "$VOORBEELD_TOKENS" >/dev/null
mkdir utrecht voorbeeld
tar xzf utrecht-component-library-css-*.tgz -C utrecht
tar xzf nl-design-system-unstable-voorbeeld-design-tokens-*.tgz -C voorbeeld
mkdir -p "$DEST"
python3 "$SCRIPTS/where_selectors.py" < utrecht/package/dist/html.css > "$DEST/utrecht-html.css"
cp utrecht/package/LICENSE.md "$DEST/LICENSE-utrecht-component-library-css.md"
cp voorbeeld/package/dist/theme.css "$DEST/voorbeeld-theme.css"
cp voorbeeld/package/LICENSE.md "$DEST/LICENSE-voorbeeld-design-tokens.md"
printf '%s\n%s\n' "$UTRECHT_CSS" "$VOORBEELD_TOKENS" > "$DEST/VERSIONS"
echo "NL Design System CSS vendored into $DEST"
