#!/usr/bin/env bash
# Whole-command benchmark: netstate vs ss vs netstat on N established TCP sockets on loopback.
#
#   bench/run.sh [--counts 1000,10000,100000,200000] [--runs 5] [--timeout 300]
#                [--out bench/results.md] [--no-build] [--r2r] [--tiny-runs 20]
#
# Publishes netstate to bench/out (the product: Native AOT; with --r2r also the older ReadyToRun
# build to bench/out-r2r, timed beside it), re-runs itself inside a private network namespace (unshare -n),
# and for each count builds the sockets (bench/sockets.py), checks the count with ss, and times
# -tan, -tanp and the TCP-info listing side by side (bench/measure.py). The markdown table
# (bench/report.py) goes to stdout and to --out; raw numbers stay in bench/results/*.tsv.
# Needs root (for the namespace). See bench/README.md.
set -euo pipefail

script=$(readlink -f "$0")
bench_dir=$(dirname "$script")
repo=$(dirname "$bench_dir")
netstate=bench/out/netstate   # relative to the repository root, where this script works
netstate_r2r=bench/out-r2r/netstate   # the ReadyToRun build, with --r2r

# Defaults; see usage().
counts=1000,10000,100000,200000
runs=5
timeout=300
out="$bench_dir/results.md"
build=1
tiny_connections=5   # the "handful of sockets" case: start-up cost, not scaling
tiny_runs=20
r2r=0                # --r2r: also time the ReadyToRun build (framework-dependent, as published before AOT)
build_timeout=600    # seconds to wait for one socket set
extra_scenarios=()   # --views: also the ss view, filter, count, JSON and doctor
baseline=""          # --baseline FILE: another netstate executable timed beside, as netstate-base
only=""              # --only LIST: just these scenarios (comma separated), not -tan, -tanp, tcp info and --views

sockets_pid=""       # the running bench/sockets.py, if any (killed on exit)
scratch=""           # temporary directory (ready file), removed on exit

usage() {
  cat <<EOF
usage: bench/run.sh [options]   (as root)

  --counts LIST   socket counts to measure, comma separated (default $counts);
                  each count is LIST/2 established loopback connections, both ends counted
  --runs N        timed runs per command (default $runs); a command slower than 10 s
                  in one run is capped at 3 runs
  --timeout S     kill a run after S seconds and report ">S s" (default $timeout)
  --out FILE      also write the markdown table to FILE (default bench/results.md)
  --no-build      use the netstate already in bench/out (and bench/out-r2r) instead of publishing
  --r2r           also publish the ReadyToRun build (dotnet publish -p:PublishAot=false) to
                  bench/out-r2r and time it beside the Native AOT one, as netstate-r2r
  --tiny-runs N   timed runs in the tiny case (default $tiny_runs)
  --views         also time --format ss (-tanp, -tani), a dport filter, --count-by state
                  (against ss piped through awk/sort/uniq), --json and doctor
  --baseline FILE also time another netstate executable (say, one published from main) in
                  every scenario, as netstate-base: before and after in the same run
  --only LIST     time only these scenarios, comma separated, from: -tan, -tanp, tcp info,
                  ss view -p, ss view -i, filter dport, count by state, json, csv, doctor
                  (e.g. --only 'ss view -i,json,doctor': the rows of issue 14 without the slow -p ones)
  -h, --help      this text

Always measured too: $tiny_connections connections and --version, $tiny_runs runs (start-up cost).
EOF
}

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }

parse_args() {
  while (($#)); do
    case $1 in
      --counts) counts=${2:?--counts needs a list}; shift 2 ;;
      --runs) runs=${2:?--runs needs a number}; shift 2 ;;
      --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
      --out) out=${2:?--out needs a file}; shift 2 ;;
      --no-build) build=0; shift ;;
      --r2r) r2r=1; shift ;;
      --tiny-runs) tiny_runs=${2:?--tiny-runs needs a number}; shift 2 ;;
      --baseline) baseline=$(realpath "${2:?--baseline needs an executable}"); shift 2 ;;
      --views) extra_scenarios=("ss view -p" "ss view -i" "filter dport" "count by state" json csv doctor); shift ;;
      --only) only=${2:?--only needs a list of scenarios}; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument '$1'" ;;
    esac
  done
  [[ $counts =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--counts wants numbers like 1000,10000 (got '$counts')"
  [[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number (got '$runs')"
  [[ $tiny_runs =~ ^[1-9][0-9]*$ ]] || die "--tiny-runs wants a positive number (got '$tiny_runs')"
  [[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout wants whole seconds (got '$timeout')"
  local count
  for count in ${counts//,/ }; do
    ((count >= 2)) || die "a socket count must be at least 2 (one connection), got $count"
  done
  out=$(realpath -m "$out")
}

require_root() {
  [[ $(id -u) == 0 ]] || die "must run as root: it creates a private network namespace (try: sudo bench/run.sh)"
  local tool
  [[ -x /usr/bin/time ]] || die "GNU time is not installed (apt-get install time): it measures the peak RSS"
  for tool in ss netstat unshare ip python3; do
    command -v "$tool" >/dev/null || die "'$tool' is not installed (./test.sh installs net-tools, iproute2 and util-linux)"
  done
}

build_netstate() {
  log "publishing netstate to bench/out (Release)"
  dotnet publish "$repo/src/Netstate.Cli" -c Release -o "$bench_dir/out" --nologo -v quiet >&2 \
    || die "dotnet publish failed (see above); fix the build or use --no-build with an older bench/out"
  ((r2r)) || return 0
  log "publishing the ReadyToRun build to bench/out-r2r (Release, -p:PublishAot=false)"
  dotnet publish "$repo/src/Netstate.Cli" -c Release -p:PublishAot=false -o "$bench_dir/out-r2r" --nologo -v quiet >&2 \
    || die "dotnet publish -p:PublishAot=false failed (see above)"
}

# Re-run this script inside a new network namespace: only loopback exists there, so nothing leaves
# the machine, and the host's own sockets do not show up in any of the listings we time.
enter_namespace() {
  local error
  if ! error=$(unshare --net true 2>&1); then
    die "cannot create a network namespace with 'unshare --net': $error"
  fi
  # --out again, resolved: the relative path the user gave was relative to where they were.
  exec env NETSTATE_BENCH_IN_NETNS=1 unshare --net -- "$script" "$@" --no-build --out "$out" \
    ${baseline:+--baseline "$baseline"}
}

# Write a sysctl and read it back. Only per-namespace ones are set here (checked: the host value
# does not change); tcp_mem and tcp_max_orphans are global and not even visible in a namespace.
set_sysctl() {
  local name=$1 value=$2 actual
  sysctl -qw "$name=$value" || die "cannot set $name=$value in the namespace"
  actual=$(sysctl -n "$name" | tr -s '\t ' ' ')
  [[ $actual == "$value" ]] || die "$name is '$actual' after setting '$value'"
}

setup_namespace() {
  [[ $(readlink /proc/self/ns/net) != "$(readlink /proc/1/ns/net)" ]] \
    || die "expected to be in a private network namespace, but this is the host's"
  ip link set lo up || die "cannot bring up lo in the namespace"
  # 1024-65535: every connection to one listener needs its own ephemeral port (sockets.py also
  # spreads connections over several listeners); the default range has only 28k ports.
  set_sysctl net.ipv4.ip_local_port_range "1024 65535"
  # sockets.py listens with a backlog of 4096; the listen() backlog is capped at somaxconn.
  set_sysctl net.core.somaxconn 65535
  scratch=$(mktemp -d /tmp/netstate-bench.XXXXXX)
  mkdir -p "$bench_dir/results"
  tsv="$bench_dir/results/run-$(date +%Y%m%d-%H%M%S).tsv"
  : >"$tsv"
}

cleanup() {
  stop_sockets quietly
  [[ -z $scratch ]] || rm -rf "$scratch"
}

count_tcp_sockets() {
  ss -tanH | wc -l   # -H: no header line, so this is the number of TCP sockets
}

# Build N sockets and wait until bench/sockets.py says they exist; then check with ss.
start_sockets() {
  local n=$1 ready="$scratch/ready" waited=0 line
  rm -f "$ready"
  python3 "$bench_dir/sockets.py" --sockets "$n" --ready-file "$ready" --parent-pid $$ &
  sockets_pid=$!
  while [[ ! -e $ready ]]; do
    kill -0 "$sockets_pid" 2>/dev/null \
      || die "bench/sockets.py exited before building $n sockets ($(count_tcp_sockets) TCP sockets existed)"
    ((waited++ < build_timeout * 10)) \
      || die "only $(count_tcp_sockets) of $n TCP sockets after ${build_timeout} s"
    sleep 0.1
  done
  read -r line <"$ready"
  if [[ $line == error* ]]; then
    die "could not build $n sockets: ${line#error }"
  fi
  local connections listeners workers seconds
  read -r _ connections listeners workers seconds <<<"$line"
  local expected=$((2 * connections + listeners)) actual
  actual=$(count_tcp_sockets)
  ((actual == expected)) \
    || die "asked for $n sockets: ss shows $actual TCP sockets, expected $expected ($connections connections x 2 + $listeners listeners)"
  built_sockets=$actual
  build_notes+=("- $n: $actual sockets ($connections connections x 2 + $listeners listener(s)) built in $seconds s by $workers worker process(es)")
  log "built $actual TCP sockets in $seconds s ($workers workers)"
}

# Stop the workers (their sockets close with a RST, so no TIME_WAIT is left) and wait until the
# namespace has no TCP sockets again, so the next count starts clean.
stop_sockets() {
  [[ -n $sockets_pid ]] || return 0
  kill -TERM "$sockets_pid" 2>/dev/null || true
  wait "$sockets_pid" 2>/dev/null || true
  sockets_pid=""
  [[ ${1:-} != quietly ]] || return 0
  local tries=0
  while (($(count_tcp_sockets) > 0)); do
    ((tries++ < 600)) || die "$(count_tcp_sockets) TCP sockets still exist 60 s after stopping the workers"
    sleep 0.1
  done
}

# The commands timed for one scenario, one NAME=COMMAND a line, for measure.py --tool.
tools_for() {
  local n r2r_tool=()
  n=$(printf '%q' "$netstate")
  ((r2r == 0)) || r2r_tool=("netstate-r2r=$(printf '%q' "$netstate_r2r")")
  [[ -z $baseline ]] || r2r_tool+=("netstate-base=$(printf '%q' "$baseline")")
  case $1 in
    -tan) printf '%s\n' "netstate=$n -tan" "${r2r_tool[@]/%/ -tan}" "ss=ss -tan" "netstat=netstat -tan" ;;
    -tanp) printf '%s\n' "netstate=$n -tanp" "${r2r_tool[@]/%/ -tanp}" "ss=ss -tanp" "netstat=netstat -tanp" ;;
    --version) printf '%s\n' "netstate=$n --version" "${r2r_tool[@]/%/ --version}" "ss=ss -V" "netstat=netstat -V" ;;
    # netstat has no TCP-info listing; the netstate flags may not exist yet (then: n/a).
    "tcp info") printf '%s\n' "netstate=$n -tano" "ss=ss -tani" ;;
    # The views of issue 5 and 6; ss's counterpart where it has one, else the pipeline people use.
    "ss view -p") printf '%s\n' "netstate=$n -tanp --format ss" "${r2r_tool[@]/%/ -tanp --format ss}" "ss=ss -tanp" ;;
    "ss view -i") printf '%s\n' "netstate=$n -tani --format ss" "${r2r_tool[@]/%/ -tani --format ss}" "ss=ss -tani" ;;
    "filter dport") printf '%s\n' "netstate=$n -tan dport = :2000" "${r2r_tool[@]/%/ -tan dport = :2000}" "ss=ss -tan dport = :2000" ;;
    "count by state") printf '%s\n' "netstate=$n -tan --count-by state" \
      "ss=sh -c 'ss -tanH | awk \"{print \\\$1}\" | sort | uniq -c | sort -rn'" ;;
    json) printf '%s\n' "netstate=$n -tan --json" "${r2r_tool[@]/%/ -tan --json}" ;;
    csv) printf '%s\n' "netstate=$n -tan --csv" "${r2r_tool[@]/%/ -tan --csv}" ;;
    doctor) printf '%s\n' "netstate=$n doctor --window 0" "${r2r_tool[@]/%/ doctor --window 0}" ;;
  esac
}

measure_scenario() {
  local label=$1 scenario=$2 runs=$3 warmup=$4 spec
  local args=("--scenario=$scenario" "--sockets=$label" --runs "$runs" --warmup "$warmup"
              --timeout "$timeout" --results "$tsv")
  while IFS= read -r spec; do args+=(--tool "$spec"); done < <(tools_for "$scenario")
  python3 "$bench_dir/measure.py" "${args[@]}"
}

run_tiny_case() {
  log "tiny case: $tiny_connections connections, $tiny_runs runs"
  start_sockets $((2 * tiny_connections))
  # One untimed run of each command first: loads the binaries into the page cache.
  measure_scenario "tiny: $built_sockets" -tan "$tiny_runs" 1
  measure_scenario "tiny: $built_sockets" -tanp "$tiny_runs" 1
  measure_scenario "tiny: $built_sockets" --version "$tiny_runs" 1
  stop_sockets
}

# A fast listing is only worth timing if it is complete: netstate -tan must print as many lines as
# netstat -tan (2 header lines + one per socket). A mismatch is reported under the table.
check_listing_complete() {
  local n=$1 ours theirs
  ours=$("$netstate" -tan 2>/dev/null | wc -l) || true
  theirs=$(netstat -tan | wc -l)
  if ((ours != theirs)); then
    check_notes+=("- $n sockets: \`netstate -tan\` printed $ours lines, \`netstat -tan\` $theirs")
    log "warning: netstate -tan printed $ours lines, netstat -tan $theirs"
  fi
}

run_count() {
  local n=$1
  log "count $n: building sockets"
  start_sockets "$n"
  check_listing_complete "$built_sockets"
  local scenario list=(-tan -tanp "tcp info" "${extra_scenarios[@]}")
  [[ -z $only ]] || IFS=, read -r -a list <<<"$only"
  for scenario in "${list[@]}"; do
    log "count $n: timing $scenario"
    measure_scenario "$built_sockets" "$scenario" "$runs" 0
  done
  stop_sockets
}

# How bench/out/netstate was published, read from what is there (the project may change it).
publish_mode() {
  local linking=framework-dependent code=JIT
  [[ ! -e $bench_dir/out/libcoreclr.so ]] || linking=self-contained
  if [[ ! -e $bench_dir/out/netstate.dll ]]; then
    linking=self-contained   # one native executable, the runtime compiled in
    code="Native AOT"
  elif grep -qs '<PublishReadyToRun>true' "$repo/src/Netstate.Cli/Netstate.Cli.csproj" "$repo/Directory.Build.props"; then
    code=ReadyToRun
  fi
  echo "$linking, $code"
}

# Which source bench/out/netstate was built from: the commit at build time, or with --no-build
# only when that build was made (others may commit or edit src/ meanwhile).
netstate_version() {
  if ((build == 0)); then
    echo "reused bench/out built $(date -r "$netstate" '+%Y-%m-%d %H:%M') (--no-build), HEAD was $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    return
  fi
  local version
  version="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  [[ -z $(git status --porcelain -- src 2>/dev/null) ]] || version+=" with uncommitted changes in src/"
  echo "$version"
}

machine_facts() {
  local cpu
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  cat <<EOF
- CPU: $(nproc) x $cpu; memory: $(free -g | awk '/^Mem:/ {print $2}') GiB
- kernel $(uname -r); .NET SDK $(dotnet --version 2>/dev/null || echo unknown)
- $(ss -V); $(netstat -V 2>&1 | head -n1)
- netstate: $NETSTATE_BENCH_VERSION, \`dotnet publish -c Release\` ($(publish_mode))$( ((r2r == 0)) || echo "; netstate-r2r: \`dotnet publish -c Release -p:PublishAot=false\` (framework-dependent, ReadyToRun)")
- load average at the start ${NETSTATE_BENCH_LOAD:-unknown}, at the end $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the numbers)
- $(find /proc -maxdepth 1 -name '[0-9]*' | wc -l) processes (\`-p\` scans every /proc/PID/fd)
EOF
}

write_report() {
  local table
  table=$(python3 "$bench_dir/report.py" "$tsv" --runs "$runs" --tiny-runs "$tiny_runs")
  {
    echo "## Results"
    echo
    echo "Measured $(date '+%Y-%m-%d %H:%M') with \`bench/run.sh --counts $counts --runs $runs --timeout $timeout --tiny-runs $tiny_runs$( ((r2r == 0)) || echo ' --r2r')\` on:"
    echo
    machine_facts
    echo
    echo "$table"
    echo
    echo "Wall time is the median of the runs (stdout to /dev/null), RSS the peak over all runs."
    echo "\"sockets\" is what \`ss -tanH | wc -l\` counted just before timing."
    echo "tcp info row: \`ss -tani\` vs \`netstate -tano\` (-o makes netstate ask the kernel for tcp_info of every TCP socket; it prints only the timer column; 'ss view -i' is the full tcp_info view)."
    echo
    echo "Socket sets:"
    echo
    printf '%s\n' "${build_notes[@]}"
    if ((${#check_notes[@]})); then
      echo
      echo "Incomplete listings (their times are not comparable):"
      echo
      printf '%s\n' "${check_notes[@]}"
    fi
  } >"$out"
  cat "$out"
  log "table written to $out; raw numbers in $tsv"
}

main() {
  parse_args "$@"
  cd "$repo"
  require_root
  if [[ ${NETSTATE_BENCH_IN_NETNS:-} != 1 ]]; then
    # Taken before the build adds its own load: other work on the machine skews the numbers.
    export NETSTATE_BENCH_LOAD NETSTATE_BENCH_VERSION
    NETSTATE_BENCH_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
    NETSTATE_BENCH_VERSION=$(netstate_version)
    ((build == 0)) || build_netstate
    [[ -x $netstate ]] || die "no $repo/$netstate: run without --no-build to publish it"
    ((r2r == 0)) || [[ -x $netstate_r2r ]] || die "no $repo/$netstate_r2r: run without --no-build to publish it"
    enter_namespace "$@"   # does not return
  fi
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  setup_namespace
  build_notes=()
  check_notes=()
  run_tiny_case
  local count
  for count in ${counts//,/ }; do
    run_count "$count"
  done
  write_report
}

main "$@"
