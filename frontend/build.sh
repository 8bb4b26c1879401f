#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend assets in withus/static/govuk/.
#
# Needs Node >= 18 and npm with access to the npm registry. Runs `npm ci` in a
# temporary copy of this folder, so no node_modules is ever created inside the
# repository. Output is committed; nothing is downloaded at run time.
#
# Usage: bash frontend/build.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$repo/withus/static/govuk"

work="$(mktemp -d "${TMPDIR:-/tmp}/withus-govuk-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$here/withus.scss" "$work/"
cd "$work"
# --ignore-scripts / --omit=optional: sass's optional file watcher is not needed.
npm ci --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error

pkg="node_modules/govuk-frontend"
gf_version="$(node -p "require('./$pkg/package.json').version")"
sass_version="$(node -p "require('./node_modules/sass/package.json').version")"

stage="$work/out"
mkdir -p "$stage/assets/images"

# GOV.UK Frontend 5 is written for Sass @import: silence only that deprecation
# in our entry file, and all deprecations inside dependencies.
npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  withus.scss "$stage/govuk-frontend.min.css"

# ES module bundle (load with <script type="module">). Drop the trailing
# sourceMappingURL comment: the .map file is not vendored.
sed 's#//\# sourceMappingURL=[^ ]*$##' "$pkg/dist/govuk/govuk-frontend.min.js" \
  > "$stage/govuk-frontend.min.js"

# withus's own neutral favicon. The package's favicons/icons are all the
# GOV.UK crown and must not be used by a non-GOV.UK service.
cp "$here/images/favicon.svg" "$stage/assets/images/favicon.svg"

# The npm package ships no licence file; this is the upstream LICENSE.txt.
cp "$here/LICENCE-govuk-frontend.txt" "$stage/LICENCE"

cat > "$stage/README.txt" <<TXT
GOV.UK Frontend ${gf_version} – vendored, non-GOV.UK-branded build for withus.
Do not edit these files by hand: run \`bash frontend/build.sh\` instead.

govuk-frontend.min.css  Compiled with Dart Sass ${sass_version} (--style=compressed)
                        from frontend/withus.scss: Arial font stack, no GDS
                        Transport @font-face, no crest/crown images,
                        \$govuk-assets-path "/static/govuk/assets/", plus the
                        withus bar-chart classes (.withus-chart*, .withus-bar--N).
govuk-frontend.min.js   dist/govuk/govuk-frontend.min.js from the npm package
                        (ES module; source map comment removed).
assets/images/          favicon.svg – withus's own icon (not from the package).
LICENCE                 MIT licence of GOV.UK Frontend (code only; the crown,
                        crest and GDS Transport font are not included and
                        are not covered by it).

Versions are pinned in frontend/package.json and frontend/package-lock.json.
TXT

# ---- checks ----------------------------------------------------------------
css="$stage/govuk-frontend.min.css"
fail=0
if grep -qi "GDS Transport" "$css"; then echo "ERROR: CSS mentions GDS Transport" >&2; fail=1; fi
if grep -qi "@font-face" "$css"; then echo "ERROR: CSS has @font-face" >&2; fail=1; fi
if grep -qiE '\.(woff2?|ttf|otf|eot)\b' "$css"; then echo "ERROR: CSS references font files" >&2; fail=1; fi
if grep -qi "govuk-crest\|crown\.svg\|crown\.png" "$css"; then echo "ERROR: CSS references crest/crown images" >&2; fail=1; fi
# Every url(...) must point at a vendored file under /static/govuk/.
while IFS= read -r ref; do
  [ -z "$ref" ] && continue
  case "$ref" in
    data:*) continue ;;
    /static/govuk/*) [ -f "$stage/${ref#/static/govuk/}" ] || { echo "ERROR: missing asset $ref" >&2; fail=1; } ;;
    *) echo "ERROR: unexpected url($ref)" >&2; fail=1 ;;
  esac
done < <(grep -o 'url([^)]*)' "$css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
[ -s "$stage/govuk-frontend.min.js" ] || { echo "ERROR: JS bundle missing" >&2; fail=1; }
grep -q 'initAll' "$stage/govuk-frontend.min.js" || { echo "ERROR: JS bundle has no initAll" >&2; fail=1; }
[ "$fail" -eq 0 ] || exit 1

# ---- install ---------------------------------------------------------------
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R "$stage" "$out"
echo "Built GOV.UK Frontend ${gf_version} (sass ${sass_version}) into ${out#"$repo"/}:"
(cd "$out" && find . -type f | sort | xargs ls -l | awk '{printf "  %8d  %s\n", $5, $9}')
