#!/usr/bin/env bash
# Builds netstate for Windows (x64) on Linux: a self-contained, trimmed single-file netstate.exe
# (Native AOT cannot cross-compile to Windows, so this is the JIT runtime, trimmed and compressed),
# built apart from src/*/obj (--artifacts-path), and a zip with the executable, the README and docs/windows.md.
#   packaging/build-windows.sh [OUTDIR]     (default: packaging/out/windows)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-packaging/out/windows}
mkdir -p "$out"
out=$(cd "$out" && pwd)
publish="$out/publish"
rm -rf "$publish"
# Trim warnings are errors here as in the Native AOT build. The untrimmed, uncompressed single
# file does not start under Wine 8; the trimmed and compressed one does.
dotnet publish src/Netstate.Cli -c Release -r win-x64 --self-contained \
  -p:PublishAot=false -p:PublishReadyToRun=false -p:PublishSingleFile=true -p:PublishTrimmed=true \
  -p:EnableCompressionInSingleFile=true -p:TrimmerSingleWarn=false -p:DebugType=none \
  -p:CopyOutputSymbolsToPublishDirectory=false -p:GenerateDocumentationFile=false \
  --artifacts-path "$out/artifacts" -warnaserror -o "$publish" >&2
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/Netstate.Cli/Netstate.Cli.csproj | head -1)
zip="$out/netstate-$version-win-x64.zip"
rm -f "$zip"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp "$publish/netstate.exe" README.md docs/windows.md "$staging/"
(cd "$staging" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sys.argv[2:]:
        z.write(name)' "$zip" netstate.exe README.md windows.md)
echo "$zip"
