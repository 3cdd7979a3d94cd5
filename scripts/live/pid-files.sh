# Sourced by the start/stop scripts. PIDFILE NAME pairs name a daemon by the PID in its pidfile,
# checked against /proc/PID/cmdline so a recycled PID is never mistaken for (or killed as) ours.

# alive PID: the process exists and has not finished exiting. A detached daemon stays a zombie
# until init reaps it (which may take a while in a container), but its leader turns zombie while
# other threads still tear down, so a zombie with more than one task is still alive.
alive() {
  local state tasks
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state ]] || return 1
  [[ $state != Z && $state != X ]] && return 0
  tasks=$(ls "/proc/$1/task" 2>/dev/null | wc -l)
  ((tasks > 1))
}

# pid_of PIDFILE NAME: prints the PID if that process is alive and is NAME.
pid_of() {
  local file=$1 name=$2 pid
  [[ -r $file ]] && pid=$(tr -dc '0-9' 2>/dev/null <"$file") || return 1
  [[ -n $pid ]] && alive "$pid" && grep -qa -- "$name" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

pid_running() { pid_of "$@" >/dev/null; }

# wait_gone PID SECONDS: waits until PID has exited; fails if it is still alive afterwards.
wait_gone() {
  local pid=$1 i
  for ((i = 0; i < $2 * 20; i++)); do
    alive "$pid" || return 0
    sleep 0.05
  done
  ! alive "$pid"
}

# stop_pid_file PIDFILE NAME: SIGTERM, up to 10 s grace, then SIGKILL; removes the pidfile.
stop_pid_file() {
  local file=$1 name=$2 pid
  if pid=$(pid_of "$file" "$name"); then
    kill -TERM "$pid" 2>/dev/null
    wait_gone "$pid" 10 || { kill -KILL "$pid" 2>/dev/null; wait_gone "$pid" 2; }
  fi
  rm -f "$file"
}
