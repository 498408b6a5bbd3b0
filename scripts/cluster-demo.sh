#!/usr/bin/env bash
# A three-host cluster on one machine: PostgreSQL on a bridge, three network namespaces joined
# to it by veth pairs, each with its own host name (a UTS namespace), and an `automl worker` in
# each against the server's bridge address; then the study is printed. Everything it makes —
# the namespaces, the bridge, the server and its data directory — is removed at exit.
#
# Addresses: 10.231.7.0/24, a private /24 used only by the bridge (10.231.7.1, the server) and
# the namespaces this script creates (10.231.7.11-13); no other address is contacted.
#
# Run as root from the repository root: scripts/cluster-demo.sh
# (AUTOML=path/to/automl to use a built binary; default: a release build.)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "cluster-demo.sh: run as root (it creates network namespaces)" >&2; exit 1; }

subnet=10.231.7
server=$subnet.1
bridge=automlbr0
prefix=automl-demo
port=5432
trials_per_worker=${TRIALS_PER_WORKER:-8}
worker_timeout=${WORKER_TIMEOUT:-300} # seconds; a worker that cannot reach the server gives up

if ip -o addr show | grep -q " $subnet\."; then
    echo "cluster-demo.sh: $subnet.0/24 is already in use on this machine; not touching it" >&2
    exit 1
fi

# Network namespaces need CAP_SYS_ADMIN and a kernel (or container) that allows them: say so
# plainly when they are refused instead of failing half-way.
for tool in ip unshare runuser psql; do
    command -v "$tool" >/dev/null || { echo "cluster-demo.sh: needs $tool" >&2; exit 1; }
done
probe="$prefix-probe-$$"
if ! error=$(ip netns add "$probe" 2>&1); then
    echo "cluster-demo.sh: this machine refuses network namespaces (ip netns add: $error);" \
        "the demo needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN outside a restricted container" >&2
    exit 1
fi
ip netns del "$probe"
if ! error=$(ip link add automlprobe0 type bridge 2>&1); then
    echo "cluster-demo.sh: this machine refuses to create a bridge (ip link add: $error)" >&2
    exit 1
fi
ip link del automlprobe0

if [[ -z "${AUTOML:-}" ]]; then
    swift build -c release --product automl >/dev/null
    AUTOML="$(swift build -c release --show-bin-path)/automl"
fi

work=$(mktemp -d /tmp/automl-cluster-demo.XXXXXX)
chmod 755 "$work"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
cleanup() {
    set +e
    [[ -f "$work/data/postmaster.pid" ]] &&
        runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1
    for i in 1 2 3; do ip netns del "$prefix-$i" 2>/dev/null; done
    ip link del "$bridge" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

echo "== network: bridge $bridge ($server/24) and three namespaces"
ip link add "$bridge" type bridge
ip addr add "$server/24" dev "$bridge"
ip link set "$bridge" up
for i in 1 2 3; do
    ns="$prefix-$i"
    ip netns add "$ns"
    ip link add "veth-h$i" type veth peer name "veth-n$i"
    ip link set "veth-n$i" netns "$ns"
    ip link set "veth-h$i" master "$bridge" up
    ip -n "$ns" addr add "$subnet.$((10 + i))/24" dev "veth-n$i"
    ip -n "$ns" link set "veth-n$i" up
    ip -n "$ns" link set lo up
    echo "   $ns: $subnet.$((10 + i)) (host name worker-$i)"
done

echo "== PostgreSQL on $server:$port (password authentication for the namespaces' /24)"
mkdir "$work/data" "$work/socket"
chown postgres:postgres "$work" "$work/data" "$work/socket"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$password" >"$work/password"
chown postgres "$work/password"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --pwfile="$work/password" >/dev/null
echo "host all automl $subnet.0/24 scram-sha-256" >>"$work/data/pg_hba.conf"
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w start \
    -o "-c listen_addresses=$server -c port=$port -c unix_socket_directories=$work/socket" >/dev/null
psql -h "$work/socket" -p "$port" -U postgres -q \
    -c "CREATE ROLE automl LOGIN PASSWORD '$password'" -c "CREATE DATABASE automl OWNER automl"

# The workers find the password in a password file (never in the URL).
printf '%s:%s:automl:automl:%s\n' "$server" "$port" "$password" >"$work/pgpass"
chmod 600 "$work/pgpass"
export PGPASSFILE="$work/pgpass"
url="postgres://automl@$server:$port/automl"

cat >"$work/space.json" <<'EOF'
{"parameters": {"x": {"type": "float", "low": -5, "high": 5},
                "y": {"type": "float", "low": -5, "high": 5}}}
EOF
objective='sleep 0.1; awk -v x="$AUTOML_PARAM_X" -v y="$AUTOML_PARAM_Y" "BEGIN { print (x - 1)^2 + (y + 2)^2 }"'

echo "== the study, created from the host: automl tune --storage $url"
(cd "$work" && "$AUTOML" tune --space space.json --command "$objective" --study demo \
    --storage "$url" --budget 3 --quiet | head -n 1)

echo "== three workers, one per namespace, $trials_per_worker trials each"
for i in 1 2 3; do
    ip netns exec "$prefix-$i" unshare --uts sh -c \
        "hostname worker-$i; cd '$work' && exec timeout $worker_timeout '$AUTOML' worker --study demo --storage '$url' --budget $trials_per_worker --quiet" \
        >"$work/worker-$i.out" 2>&1 &
done
sleep 1
echo "   sessions the server sees (client address, application):"
psql -h "$work/socket" -p "$port" -U postgres -d automl -At -F ' ' \
    -c "SELECT client_addr, application_name FROM pg_stat_activity WHERE datname = 'automl' AND client_addr IS NOT NULL ORDER BY 1" |
    sed 's/^/     /'
failed=0
for job in $(jobs -p); do wait "$job" || failed=$((failed + 1)); done
for i in 1 2 3; do
    echo "   worker-$i: $(head -n 1 "$work/worker-$i.out")"
done
if ((failed > 0)); then
    echo "cluster-demo.sh: $failed worker(s) failed; their output:" >&2
    cat "$work"/worker-*.out >&2
    exit 1
fi

echo "== trials per owner host"
psql -h "$work/socket" -p "$port" -U postgres -d automl -At -F ' ' \
    -c "SELECT coalesce(owner_host, '(none)'), count(*), min(number), max(number) FROM trials GROUP BY 1 ORDER BY 1" |
    awk '{ printf "     %-10s %3d trials (numbers %d-%d)\n", $1, $2, $3, $4 }'

echo "== automl studies show demo --storage $url"
"$AUTOML" studies show demo --storage "$url"
