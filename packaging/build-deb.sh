#!/usr/bin/env bash
# Builds netstate_<version>_amd64.deb with dpkg-deb: the Native AOT binary in /usr/bin, the man
# page, the bash/zsh/fish completions, a systemd unit for serve (not enabled), the copyright file
# and changelog; Depends on libc only, and Recommends libsqlite3-0, which only record and history
# load (at run time, with dlopen).
#
#   packaging/build-deb.sh [OUTDIR]          (default packaging/out/)
#
# NETSTATE_BINARY=path uses an already published binary instead of running dotnet publish.
# Needs dpkg-deb, gzip and objdump (binutils); the publish needs clang (see README, Install).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
outdir=$(mkdir -p "${1:-$here/out}" && cd "${1:-$here/out}" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

binary=${NETSTATE_BINARY:-}
if [ -z "$binary" ]; then
  dotnet publish "$repo/src/Netstate.Cli" -c Release -o "$work/publish" --nologo -v quiet >&2
  binary="$work/publish/netstate"
fi
[ -x "$binary" ] || { echo "build-deb.sh: no executable at $binary" >&2; exit 1; }

# The version the binary reports ("netstate 0.1.0 (commit ...)"), so package and binary agree.
version=$("$binary" --version | awk 'NR == 1 { print $2 }')
[[ "$version" =~ ^[0-9]+(\.[0-9]+)*$ ]] || { echo "build-deb.sh: '$binary --version' gave no version" >&2; exit 1; }

# The oldest glibc that has every versioned symbol the binary uses.
glibc=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)

root="$work/root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/doc/netstate" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/fish/vendor_completions.d" "$root/lib/systemd/system"
install -m 0755 "$binary" "$root/usr/bin/netstate"
gzip -9n < "$repo/docs/man/netstate.1" > "$root/usr/share/man/man1/netstate.1.gz"
"$binary" completion bash > "$root/usr/share/bash-completion/completions/netstate"
"$binary" completion zsh > "$root/usr/share/zsh/vendor-completions/_netstate"
"$binary" completion fish > "$root/usr/share/fish/vendor_completions.d/netstate.fish"
# The unit is shipped, not enabled: 'systemctl enable --now netstate' starts serve.
install -m 0644 "$here/debian/netstate.service" "$root/lib/systemd/system/netstate.service"
install -m 0644 "$here/debian/copyright" "$root/usr/share/doc/netstate/copyright"
sed "s/@VERSION@/$version/" "$here/debian/changelog" | gzip -9n > "$root/usr/share/doc/netstate/changelog.gz"
find "$root/usr" -type f ! -path "$root/usr/bin/*" -exec chmod 0644 {} +
find "$root" -type d -exec chmod 0755 {} +

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@GLIBC@/$glibc/" -e "s/@SIZE@/$size/" "$here/debian/control" > "$root/DEBIAN/control"
(cd "$root" && find usr lib -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

deb="$outdir/netstate_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
