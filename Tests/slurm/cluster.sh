#!/usr/bin/env bash
# A private single-node Slurm cluster (Debian's slurm-wlm + munge) for the sweep tests, without systemd.
#
#   Tests/slurm/cluster.sh start [DIR]   # prints `export SLURM_CONF=DIR/slurm.conf`; exit 0 when the node is idle
#   Tests/slurm/cluster.sh stop  [DIR]   # stops only the daemons this script started (pid files in DIR)
#   Tests/slurm/cluster.sh status [DIR]
#
# DIR defaults to $ARCADE_SLURM_DIR, else /tmp/arcade-slurm-$UID. Ports: $ARCADE_SLURM_PORT (slurmctld)
# and the next one (slurmd), default 16817, so a system Slurm on 6817/6818 is not disturbed.
# Needs: apt-get install -y --no-install-recommends slurm-wlm munge   (run as root: SlurmUser=root).
# Exit codes: 0 ok, 3 Slurm or munge not installed, 1 failed to start (logs in DIR/*.log).
set -euo pipefail

command=${1:-}
dir=${2:-${ARCADE_SLURM_DIR:-/tmp/arcade-slurm-$(id -u)}}
port=${ARCADE_SLURM_PORT:-16817}

# Alive = exists and not a zombie (stopped daemons can linger as zombies, so kill -0 is not enough).
alive() {
    local pid=$1 state
    [[ -r /proc/$pid/stat ]] || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

stop_one() {
    local name=$1 file="$dir/$1.pid" pid
    [[ -f $file ]] || return 0
    pid=$(cat "$file")
    if [[ -n $pid ]] && alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
        if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$file"
    echo "stopped $name ($pid)" >&2
}

stop() {
    stop_one slurmd
    stop_one slurmctld
    stop_one munged
}

start_daemon() {  # name, command...
    local name=$1; shift
    # Daemons get no inherited descriptors beyond 0-2 (else a caller reading our output to EOF,
    # e.g. a test through a pipe, would wait for the daemons to exit).
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec setsid "$@" </dev/null >"$dir/$name.out" 2>&1
    ) &
    echo $! >"$dir/$name.pid"
}

start() {
    for tool in munged slurmctld slurmd sbatch sinfo; do
        command -v "$tool" >/dev/null || { echo "cluster.sh: $tool not installed (apt-get install slurm-wlm munge)" >&2; exit 3; }
    done
    stop 2>/dev/null || true
    mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
    chmod 755 "$dir" "$dir/munge"
    if [[ ! -f $dir/munge.key ]]; then
        dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none
    fi
    chmod 400 "$dir/munge.key"
    local socket="$dir/munge/munge.socket"
    start_daemon munged munged -F --force --key-file="$dir/munge.key" --socket="$socket" \
        --pid-file="$dir/munge/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/seed"
    for _ in $(seq 50); do [[ -S $socket ]] && break; sleep 0.1; done
    [[ -S $socket ]] || { echo "cluster.sh: munged did not start (see $dir/munged.log, $dir/munged.out)" >&2; stop; exit 1; }

    local cpus
    cpus=$(nproc)
    cat >"$dir/slurm.conf" <<EOF
ClusterName=arcade
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.daemon.pid
SlurmdPidFile=$dir/slurmd.daemon.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$dir/slurm.conf"
    start_daemon slurmctld slurmctld -D -f "$SLURM_CONF"
    start_daemon slurmd slurmd -D -f "$SLURM_CONF" -N localhost
    local state=""
    for _ in $(seq 100); do
        state=$(sinfo -h -n localhost -o %T 2>/dev/null | head -1 || true)
        [[ $state == idle* || $state == mixed* || $state == allocated* ]] && break
        sleep 0.2
    done
    if [[ $state != idle* && $state != mixed* && $state != allocated* ]]; then
        echo "cluster.sh: the node did not come up (state '${state}'; see $dir/slurmctld.log, $dir/slurmd.log)" >&2
        stop
        exit 1
    fi
    echo "export SLURM_CONF=$SLURM_CONF"
}

case $command in
    start) start ;;
    stop) stop ;;
    status)
        for name in munged slurmctld slurmd; do
            pid=$(cat "$dir/$name.pid" 2>/dev/null || true)
            if [[ -n $pid ]] && alive "$pid"; then echo "$name running ($pid)"; else echo "$name stopped"; fi
        done ;;
    *) echo "usage: $0 start|stop|status [DIR]" >&2; exit 64 ;;
esac
