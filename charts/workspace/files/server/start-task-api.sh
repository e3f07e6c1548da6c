#!/bin/sh
# Container start-up script of the workspace chart (POSIX sh: the image may lack bash).
#
#   start-task-api.sh [WORKSPACE_COMMAND [ARG...]]
#
# Starts the Claude Task API (main.js beside this file) under a supervisor, then runs the
# workspace's own command in the foreground. Without a command the supervisor itself is the
# foreground process. The supervisor `wait`s on the server, so a crash or kill -9 is seen at
# once and the server is back after TASK_API_RESTART_DELAY seconds. Tasks live in tmux
# sessions, which the tmux server (a daemon of its own) keeps alive across server restarts.
#
# Environment (the chart sets these; all optional):
#   TASK_API_<NAME>           given to the server as <NAME>, for NAME in the list in start_server.
#                             Prefixed so that PORT, HOST and the like do not leak into the
#                             developer's own shells and dev servers in the same container.
#                             TASK_API_WEBHOOK_SECRET and TASK_API_PROXY_AUTH_SECRET are also removed from the environment of the
#                             workspace command and of the server (which keeps WEBHOOK_SECRET
#                             from the claude runs), so a task cannot print it by accident.
#   TASK_API_NODE             Node.js binary (default: node on PATH)
#   TASK_API_RESTART_DELAY    seconds before a restart (default 1); doubles, up to 8, while the
#                             server keeps dying within 30 s of its start, to calm a crash loop
#   TASK_API_RELOAD_INTERVAL  seconds between checks for a new bundle (a ConfigMap update after
#                             `helm upgrade`); the server alone is restarted. 0 turns it off.
#   TASK_API_CLAUDE_VERSION   claude CLI version to install under $HOME (the PVC) when neither
#                             TASK_API_CLAUDE_BIN nor `claude` on PATH exists; empty: never
set -u

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
node_bin=${TASK_API_NODE:-node}
restart_delay=${TASK_API_RESTART_DELAY:-1}
reload_interval=${TASK_API_RELOAD_INTERVAL:-10}
server_pid=
watcher_pid=

log() {
  printf '%s task-api-supervisor: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

# `sleep` in the background, so that a trapped signal interrupts it at once.
pause() {
  sleep "$1" &
  wait "$!"
}

bundle_fingerprint() {
  cat "$here/main.js" "$here/runner/run-task.js" 2>/dev/null | cksum
}

# Installs the pinned claude CLI on the PVC once, when the image has none.
ensure_claude() {
  if [ -n "${TASK_API_CLAUDE_BIN:-}${CLAUDE_BIN:-}" ] || command -v claude >/dev/null 2>&1; then
    return 0
  fi
  version=${TASK_API_CLAUDE_VERSION:-}
  if [ -z "$version" ]; then
    log "no claude CLI on PATH and none to install; tasks will fail until one exists"
    return 0
  fi
  prefix="$HOME/.claude-task-api/claude-code/$version"
  bin="$prefix/node_modules/.bin/claude"
  if [ ! -x "$bin" ]; then
    log "installing @anthropic-ai/claude-code@$version into $prefix"
    # Install beside the target and rename, so an interrupted install is never mistaken for a good one.
    staging="$prefix.partial.$$"
    rm -rf "$staging"
    mkdir -p "$staging"
    if npm install --prefix "$staging" --no-audit --no-fund --loglevel=error \
      "@anthropic-ai/claude-code@$version" >&2 && rm -rf "$prefix" && mv "$staging" "$prefix"; then
      log "installed claude CLI $version"
    else
      rm -rf "$staging"
      log "could not install the claude CLI; tasks will fail until one exists"
      return 0
    fi
  fi
  TASK_API_CLAUDE_BIN=$bin
  export TASK_API_CLAUDE_BIN
  # Let the developer's shells find the same binary (~/.local/bin is on PATH in most images).
  link="$HOME/.local/bin/claude"
  if [ ! -e "$link" ] || [ -L "$link" ]; then
    mkdir -p "$HOME/.local/bin" && ln -sf "$bin" "$link"
  fi
}

start_server() {
  # A subshell that becomes the server: the settings are exported there alone (not in argv,
  # which ps shows to every process of the pod, and not in the supervisor).
  (
    # Every setting of the server (packages/server/src/config.ts) is forwarded:
    for name in PORT HOST TASKS_DIR DEFAULT_WORKDIR WORKDIR_ROOT CLAUDE_BIN CLAUDE_PERMISSION_MODE \
      TMUX_SOCKET TMUX_BIN MAX_BODY_BYTES LOG_LEVEL ALLOWED_PERMISSION_MODES MAX_TIMEOUT_SECONDS \
      DEFAULT_TIMEOUT_SECONDS MAX_CONCURRENT_TASKS TASK_RETENTION_DAYS WEBHOOK_SECRET \
      WEBHOOK_ALLOWED_HOSTS WEBHOOK_MAX_ATTEMPTS WEBHOOK_RETRY_BASE_MS WEBHOOK_TIMEOUT_MS \
      TRUST_PROXY_HEADERS OAUTH_ALLOWED_USERS OAUTH_ALLOWED_EMAILS PROXY_AUTH_SECRET; do
      eval "value=\${TASK_API_$name-}"
      if [ -n "$value" ]; then
        export "$name=$value"
      fi
    done
    unset TASK_API_WEBHOOK_SECRET TASK_API_PROXY_AUTH_SECRET
    # A ConfigMap volume's files are symlinks into a directory that the kubelet replaces on each
    # update. Without --preserve-symlinks-main the server would locate runner/run-task.js in the
    # replaced (deleted) directory until it restarts, and fail to start tasks meanwhile.
    exec "$node_bin" --preserve-symlinks-main "$here/main.js"
  ) &
  server_pid=$!
}

# Stops the server when the bundle changes; the supervisor then starts the new one.
watch_bundle() {
  while pause "$reload_interval"; do
    if [ "$(bundle_fingerprint)" != "$2" ]; then
      log "server bundle changed; restarting the server (tasks keep running)"
      kill -TERM "$1" 2>/dev/null
      return 0
    fi
  done
}

supervise() {
  ensure_claude
  delay=$restart_delay
  while :; do
    fingerprint=$(bundle_fingerprint)
    started=$(date +%s)
    start_server
    log "server started (pid $server_pid)"
    watcher_pid=
    if [ "$reload_interval" -gt 0 ]; then
      watch_bundle "$server_pid" "$fingerprint" &
      watcher_pid=$!
    fi
    wait "$server_pid"
    status=$?
    if [ -n "$watcher_pid" ]; then
      kill "$watcher_pid" 2>/dev/null
    fi
    if [ $(($(date +%s) - started)) -ge 30 ]; then
      delay=$restart_delay
    fi
    log "server (pid $server_pid) exited with status $status; restarting in ${delay}s"
    pause "$delay"
    delay=$((delay * 2))
    if [ "$delay" -gt 8 ]; then
      delay=8
    fi
  done
}

stop() {
  trap - TERM INT
  log "stopping the server"
  if [ -n "$watcher_pid" ]; then
    kill "$watcher_pid" 2>/dev/null
  fi
  if [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null; then
    wait "$server_pid"
  fi
  exit 0
}

if [ -z "${HOME:-}" ]; then
  HOME=$(pwd)
  export HOME
fi
cd "$HOME" 2>/dev/null || cd /
if [ "$#" -eq 0 ]; then
  trap stop TERM INT
  supervise
else
  supervise &
  unset TASK_API_WEBHOOK_SECRET TASK_API_PROXY_AUTH_SECRET
  # The workspace's own command becomes the container's main process, as without this chart.
  exec "$@"
fi
