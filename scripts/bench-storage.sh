#!/usr/bin/env bash
# Study-storage throughput: trials per second with 1, 2, 4 and 8 worker processes on one study,
# on an instant objective and on a 0.2 s sleep, for automl on SQLite and on PostgreSQL (random
# sampler, and the GP sampler) and for Optuna's RDB storage on the same PostgreSQL server
# (random sampler), each worker running the same number of trials. scripts/bench-storage.py
# runs each configuration and measures it from the trials' stored start and end times.
#
# Run as root on a quiet machine, and under the shared build lock (it builds and benchmarks):
#     flock /tmp/swift-build.lock scripts/bench-storage.sh > bench-storage.md
# Settings (environment): AUTOML (a built automl; default: a release build), WORKERS
# ("1 2 4 8"), INSTANT_TRIALS (100 per worker), SLEEP_TRIALS (15 per worker, also for the GP
# sampler), GP_TRIALS (20 per worker, instant objective), OBJECTIVES ("instant sleep"),
# SAMPLERS ("random gp"; Optuna's rows go with random), SCALING ("per-worker": each worker runs
# the trial count, the default; "total": the workers share it, so every column runs the same
# trials and a sampler whose cost grows with the history is compared on equal histories). Every configuration is checked: each
# of its trials must be complete (none lost, none failed), else its cell says what went wrong
# and the script ends with status 1 after the table. Each configuration's raw figures go to
# standard error.
# Needs Debian's postgresql (apt-get install postgresql) and python3 with venv; installs Optuna
# 5.0.0 and psycopg2-binary into .venv-optuna.
set -euo pipefail
cd "$(dirname "$0")/.."

workers=(${WORKERS:-1 2 4 8})
instant_trials=${INSTANT_TRIALS:-100}
sleep_trials=${SLEEP_TRIALS:-15}
gp_trials=${GP_TRIALS:-20}

if [[ -n "${AUTOML:-}" ]]; then
    automl=$AUTOML
else
    swift build -c release --product automl >/dev/null
    automl="$(swift build -c release --show-bin-path)/automl"
fi

if [[ ! -x .venv-optuna/bin/python ]]; then python3 -m venv .venv-optuna; fi
if ! .venv-optuna/bin/python -c 'import optuna, psycopg2' 2>/dev/null; then
    .venv-optuna/bin/pip install -q optuna==5.0.0 psycopg2-binary >&2
fi
optuna_version=$(.venv-optuna/bin/python -c 'import optuna; print(optuna.__version__)')

# PostgreSQL on loopback from a temporary data directory, default durability (fsync on).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/automl-bench-postgres.XXXXXX)
chmod 755 "$pg_dir"
mkdir "$pg_dir/data" "$pg_dir/socket" "$pg_dir/sqlite"
chown postgres:postgres "$pg_dir" "$pg_dir/data" "$pg_dir/socket"
stop_postgres() {
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
trap stop_postgres EXIT
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_dir/socket -c max_connections=200" \
    >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c 'CREATE DATABASE automl_bench' -c 'CREATE DATABASE optuna_bench'
ours_pg="postgres://postgres@127.0.0.1:$pg_port/automl_bench"
optuna_pg="postgresql+psycopg2://postgres@127.0.0.1:$pg_port/optuna_bench"

# One configuration: prints its trials per second.
measure() { # tool storage sampler objective workers trials
    local tool=$1 storage=$2 sampler=$3 objective=$4 count=$5 trials=$6 url result
    if [[ $tool == optuna ]]; then
        result=$(.venv-optuna/bin/python scripts/bench-storage.py optuna --storage "$optuna_pg" \
            --workers "$count" --trials "$trials" --objective "$objective") || result=failed
    else
        if [[ $storage == sqlite ]]; then
            url="sqlite:$pg_dir/sqlite/$(date +%s%N).db"
        else
            url="$ours_pg?schema=run_$(date +%s%N)"
        fi
        result=$(python3 scripts/bench-storage.py ours --automl "$automl" --storage "$url" \
            --sampler "$sampler" --workers "$count" --trials "$trials" --objective "$objective") ||
            result=failed
    fi
    if [[ $result == failed ]]; then
        echo "$tool $storage $sampler $objective workers=$count: a worker failed" >&2
        touch "$pg_dir/incomplete"
        echo "failed"
        return
    fi
    echo "$tool $storage $sampler $objective workers=$count trials/worker=$trials: $result" >&2
    python3 -c '
import json, sys
r, expected = json.loads(sys.argv[1]), int(sys.argv[2])
cell = "%.1f" % r["per_second"]
if r["trials"] != expected or r["complete"] != expected:
    cell += " (%d of %d complete, %d stored)" % (r["complete"], expected, r["trials"])
    open(sys.argv[3], "w").close()
print(cell)' "$result" "$((count * trials))" "$pg_dir/incomplete"
}

echo "Trials per second (trials of the run / time from the first start to the last end), each"
echo "worker a process running the same number of trials; $(nproc) cores; automl $("$automl" --version),"
echo "Optuna $optuna_version, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')."
echo
header="| storage | sampler | objective | trials per worker |"
[[ ${SCALING:-per-worker} == total ]] && header="| storage | sampler | objective | trials in all |"
rule="|---|---|---|---|"
for count in "${workers[@]}"; do
    header+=" $count worker$([[ $count == 1 ]] || echo s) |"
    rule+="---|"
done
echo "$header"
echo "$rule"
row() { # label-tool label-storage tool storage sampler objective trials
    local line="| $1 | $5 | $6 | $7 |" per_worker
    for count in "${workers[@]}"; do
        per_worker=$7
        [[ ${SCALING:-per-worker} == total ]] && per_worker=$(($7 / count))
        line+=" $(measure "$3" "$4" "$5" "$6" "$count" "$per_worker") |"
    done
    echo "$line"
}
started=$SECONDS
for objective in ${OBJECTIVES:-instant sleep}; do
    for sampler in ${SAMPLERS:-random gp}; do
        trials=$instant_trials
        [[ $objective == sleep ]] && trials=$sleep_trials
        [[ $objective == instant && $sampler == gp ]] && trials=$gp_trials
        row "automl, SQLite" x ours sqlite "$sampler" "$objective" "$trials"
        row "automl, PostgreSQL" x ours postgres "$sampler" "$objective" "$trials"
        if [[ $sampler == random ]]; then
            row "Optuna RDB, PostgreSQL" x optuna postgres random "$objective" "$trials"
        fi
    done
done
echo
echo "Whole benchmark: $((SECONDS - started)) s."
if [[ -f "$pg_dir/incomplete" ]]; then
    echo "Some configurations lost or failed trials (see the cells above)." >&2
    exit 1
fi
