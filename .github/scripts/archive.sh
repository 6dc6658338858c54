#!/usr/bin/env bash
# Put a release build into the archive people download and unzip:
#   satlas-VERSION-TARGET/  satlas[.exe] satlas-cli[.exe] README.md LICENSE licenses/ sample-data/
# Run from the repository's root after `cargo build --release --locked --target TARGET` and
# `cargo about generate ... -o target/licenses/THIRD-PARTY.txt` (see release.yml):
#   .github/scripts/archive.sh TARGET VERSION   → dist/satlas-VERSION-TARGET.zip (Windows) or .tar.gz
# The app finds sample-data/ beside itself and opens it on first start.
set -euo pipefail
target="$1"
version="$2"
exe=""
case "$target" in *windows*) exe=".exe" ;; esac

name="satlas-$version-$target"
stage="dist/$name"
rm -rf "$stage"
mkdir -p "$stage/licenses"
for bin in satlas satlas-cli; do
    built="target/$target/release/$bin$exe"
    [ -f "$built" ] || { echo "archive: $built is missing: build with --target $target first" >&2; exit 1; }
    cp "$built" "$stage/"
done
cp README.md LICENSE "$stage/"
third_party="target/licenses/THIRD-PARTY.txt"
[ -f "$third_party" ] || { echo "archive: $third_party is missing: the crates' licences must ship" >&2; exit 1; }
cp "$third_party" "$stage/licenses/THIRD-PARTY.txt"
cp assets/fonts/OFL.txt "$stage/licenses/NotoSansSC-OFL.txt"
cp LICENSE "$stage/licenses/Satlas-MIT.txt"
cp -R sample-data "$stage/"

cd dist
if [ -n "$exe" ]; then
    rm -f "$name.zip"
    7z a -tzip -bd "$name.zip" "$name" >/dev/null
    echo "dist/$name.zip"
else
    tar czf "$name.tar.gz" "$name"
    echo "dist/$name.tar.gz"
fi
