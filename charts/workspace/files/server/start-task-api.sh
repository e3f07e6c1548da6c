#!/bin/sh
# Container start-up script of the workspace chart (POSIX sh: the image may lack bash).
#
#   start-task-api.sh [WORKSPACE_COMMAND [ARG...]]
#
# Starts the Claude Task API under a supervisor, then runs the workspace's own command in the
# foreground. The server is main.js beside this file, or, as the chart ships it, brotli-compressed
# pieces (main.js.br.0, main.js.br.1, main.js.br.2 joined in order, and runner/run-task.js.br),
# unpacked with Node's zlib under $HOME/.claude-task-api/server/ and checked against bundle.sha256. Without a command the supervisor itself is the
# foreground process. The supervisor `wait`s on the server, so a crash or kill -9 is seen at
# once and the server is back after TASK_API_RESTART_DELAY seconds. Tasks live in tmux
# sessions, which the tmux server (a daemon of its own) keeps alive across server restarts.
#
# Environment (the chart sets these; all optional):
#   TASK_API_<NAME>           given to the server as <NAME>, for NAME in the list in start_server.
#                             Prefixed so that PORT, HOST and the like do not leak into the
#                             developer's own shells and dev servers in the same container.
#                             Secrets only as files (TASK_API_*_SECRET_FILE): tasks can read
#                             /proc/<pid>/environ. TASK_API_*_SECRET variables are refused.
#   TASK_API_TOKEN_FILE       a file (the chart's taskApi.token.existingSecret) whose token is
#                             installed as $TASKS_DIR/.api-token (mode 0600) before each server
#                             start, so the bearer token is the Secret's; a token that is not
#                             16-512 characters of A-Za-z0-9_-.~+/= is refused with a log line
#                             (the server would replace it with one of its own).
#   TASK_API_NODE             Node.js binary (default: node on PATH)
#   TASK_API_RESTART_DELAY    seconds before a restart (default 1); doubles, up to 8, while the
#                             server keeps dying within 30 s of its start, to calm a crash loop
#   TASK_API_RELOAD_INTERVAL  seconds between checks for a new bundle (a ConfigMap update after
#                             `helm upgrade`); the server alone is restarted, at once (a
#                             reload is not a crash: no restart delay). 0 turns it off.
#   TASK_API_CLAUDE_VERSION   claude CLI version to install under $HOME (the PVC) when neither
#                             TASK_API_CLAUDE_BIN nor `claude` on PATH exists; empty: never.
#                             The server starts first and the install runs in the background, so
#                             a pod without registry access still starts (and so does its IDE).
#                             Its state is in $HOME/.claude-task-api/claude-install.state, which
#                             the server reports in GET /readyz (check claude_install).
#   TASK_API_CLAUDE_INSTALL_TIMEOUT  seconds one install attempt may take (default 300); a failed
#                             attempt is retried after TASK_API_CLAUDE_INSTALL_RETRY seconds
#                             (default 30), doubling up to 600.
set -u

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
node_bin=${TASK_API_NODE:-node}
restart_delay=${TASK_API_RESTART_DELAY:-1}
reload_interval=${TASK_API_RELOAD_INTERVAL:-10}
install_timeout=${TASK_API_CLAUDE_INSTALL_TIMEOUT:-300}
install_retry=${TASK_API_CLAUDE_INSTALL_RETRY:-30}
state_dir="${HOME:-$(pwd)}/.claude-task-api"
server_pid=
watcher_pid=
installer_pid=

log() {
  printf '%s task-api-supervisor: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

# `sleep` in the background, so that a trapped signal interrupts it at once.
pause() {
  sleep "$1" &
  wait "$!"
}

bundle_fingerprint() {
  cat "$here/main.js" "$here/runner/run-task.js" "$here"/main.js.br* "$here/runner/run-task.js.br" "$here/bundle.sha256" 2>/dev/null | cksum
}

# `unpack_to NAME PIECE... OUT`: joins brotli pieces (in the order given), unpacks them and writes
# OUT, but only when the result has the SHA-256 that bundle.sha256 lists for NAME. Brotli has no
# checksum of its own; the kubelet updates the three ConfigMaps one by one, so pieces of two
# releases can meet, and they must fail here rather than run.
unpack_to() {
  # shellcheck disable=SC2016 # JavaScript, not shell: its ${...} are template literals
  "$node_bin" -e '
const z = require("node:zlib"), f = require("node:fs"), c = require("node:crypto");
const [sums, name, ...pieces] = process.argv.slice(1);
const out = pieces.pop();
const line = f.readFileSync(sums, "utf8").split("\n").find((l) => l.endsWith(`  ${name}`));
if (!line) throw new Error(`${sums} lists no checksum for ${name}`);
const text = z.brotliDecompressSync(Buffer.concat(pieces.map((p) => f.readFileSync(p))));
const sum = c.createHash("sha256").update(text).digest("hex");
if (`${sum}  ${name}` !== line) throw new Error(`${name} does not match ${sums} (pieces of two releases?)`);
f.writeFileSync(out, text);' "$here/bundle.sha256" "$@"
}

# Prints the directory to run the server from: this one when it holds main.js, else a copy with
# the compressed bundle unpacked, one per bundle (named by its fingerprint), written beside and
# renamed so that a half-written one is never run. The last three are kept: a server still
# running from an older one finds its runner until it is replaced.
server_dir() {
  if [ -f "$here/main.js" ]; then
    printf '%s\n' "$here"
    return 0
  fi
  root="$state_dir/server"
  dir="$root/$(printf '%s' "$1" | tr ' ' '-')"
  if [ ! -f "$dir/main.js" ]; then
    # Unpacks an earlier container did not finish are never run, nor kept.
    rm -rf "$root"/*.partial.*
    mkdir -p "$dir.partial.$$/runner" || return 1
    # The glob lists the pieces in order (main.js.br.0 to main.js.br.2; the chart ships three).
    if ! unpack_to main.js "$here"/main.js.br* "$dir.partial.$$/main.js" ||
      ! unpack_to runner/run-task.js "$here/runner/run-task.js.br" "$dir.partial.$$/runner/run-task.js" ||
      ! cp "$here/package.json" "$dir.partial.$$/package.json" || ! mv "$dir.partial.$$" "$dir"; then
      rm -rf "$dir.partial.$$"
      return 1
    fi
    log "unpacked the server bundle into $dir"
  fi
  # Newest first by use, not by unpacking: a rollback to an older bundle must not prune it.
  touch "$dir"
  # shellcheck disable=SC2012 # names are our own fingerprints: digits and "-"
  ls -t "$root" | tail -n +4 | while read -r old; do rm -rf "${root:?}/$old"; done
  printf '%s\n' "$dir"
}

# The claude install's state for GET /readyz: "<installing|installed|failed> <details>", replaced
# atomically so that the server never reads half a line.
write_install_state() {
  printf '%s %s\n' "$1" "$2" >"$claude_state.tmp" && mv "$claude_state.tmp" "$claude_state"
}

# Decides, before the server starts, which claude the server runs: the image's, or the pinned
# version on the volume. Installing it is left to install_claude, in the background.
prepare_claude() {
  need_install=
  if [ -n "${TASK_API_CLAUDE_BIN:-}${CLAUDE_BIN:-}" ] || command -v claude >/dev/null 2>&1; then
    return 0
  fi
  version=${TASK_API_CLAUDE_VERSION:-}
  if [ -z "$version" ]; then
    log "no claude CLI on PATH and none to install; tasks will fail until one exists"
    return 0
  fi
  claude_root="$state_dir/claude-code"
  prefix="$claude_root/$version"
  bin="$prefix/node_modules/.bin/claude"
  claude_state="$state_dir/claude-install.state"
  mkdir -p "$claude_root"
  # What an interrupted install left (a killed container, a full volume) is never reused.
  rm -rf "$claude_root"/*.partial.*
  # The server looks for claude at its final place, where it appears once installed.
  TASK_API_CLAUDE_BIN=$bin
  TASK_API_CLAUDE_INSTALL_STATE_FILE=$claude_state
  export TASK_API_CLAUDE_BIN TASK_API_CLAUDE_INSTALL_STATE_FILE
  if [ -x "$bin" ]; then
    write_install_state installed "claude $version at $bin"
    link_claude
  else
    write_install_state installing "claude $version: starting"
    need_install=1
  fi
}

# Lets the developer's shells find the same binary (~/.local/bin is on PATH in most images).
link_claude() {
  link="$HOME/.local/bin/claude"
  if [ ! -e "$link" ] || [ -L "$link" ]; then
    mkdir -p "$HOME/.local/bin" && ln -sf "$bin" "$link"
  fi
}

# One bounded attempt: npm's own timeouts, and a watchdog that stops npm when the attempt as a
# whole outlasts install_timeout (with egress silently dropped npm would wait far longer).
# Installs beside the target and renames, so an interrupted install is never mistaken for a
# good one. Sets install_error when it fails.
install_once() {
  staging="$prefix.partial.$$"
  rm -rf "$staging"
  if ! command -v npm >/dev/null 2>&1; then
    install_error="npm is not on PATH"
    return 1
  fi
  mkdir -p "$staging" || {
    install_error="cannot create $staging"
    return 1
  }
  npm install --prefix "$staging" --no-audit --no-fund --loglevel=error \
    --fetch-timeout="$((install_timeout * 1000))" --fetch-retries=1 \
    "@anthropic-ai/claude-code@$version" </dev/null >&2 &
  npm_pid=$!
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$install_timeout" &
    sleeper=$!
    wait "$sleeper"
    kill -TERM "$npm_pid" 2>/dev/null
  ) &
  watchdog=$!
  wait "$npm_pid"
  status=$?
  kill -TERM "$watchdog" 2>/dev/null
  wait "$watchdog" 2>/dev/null
  if [ "$status" -eq 0 ] && [ -x "$staging/node_modules/.bin/claude" ] && rm -rf "$prefix" && mv "$staging" "$prefix"; then
    return 0
  fi
  rm -rf "$staging"
  if [ "$status" -eq 143 ]; then
    install_error="npm install did not finish within ${install_timeout}s (is the npm registry reachable?)"
  else
    install_error="npm install failed with status $status"
  fi
  return 1
}

# Installs the pinned claude CLI on the volume, retrying with a growing delay; runs in the
# background while the server (and the workspace) are already up.
install_claude() {
  trap 'kill "$npm_pid" "$watchdog" 2>/dev/null; rm -rf "$prefix.partial.$$"; exit 0' TERM
  npm_pid=
  watchdog=
  attempt=0
  delay=$install_retry
  while :; do
    attempt=$((attempt + 1))
    log "installing @anthropic-ai/claude-code@$version into $prefix (attempt $attempt, at most ${install_timeout}s)"
    write_install_state installing "claude $version: attempt $attempt since $(date -u +%Y-%m-%dT%H:%M:%SZ), at most ${install_timeout}s"
    if install_once; then
      # Linked before it is reported: whoever sees "installed" finds claude on PATH too.
      link_claude
      write_install_state installed "claude $version at $bin"
      log "installed claude CLI $version"
      return 0
    fi
    write_install_state failed "claude $version: attempt $attempt: $install_error; next attempt in ${delay}s"
    log "could not install the claude CLI: $install_error; next attempt in ${delay}s"
    pause "$delay"
    delay=$((delay * 2))
    if [ "$delay" -gt 600 ]; then
      delay=600
    fi
  done
}

# The token the Secret holds becomes the server's: written beside and renamed, private from the start.
install_token() {
  [ -n "${TASK_API_TOKEN_FILE-}" ] || return 0
  token=$(tr -d ' \t\r\n' < "$TASK_API_TOKEN_FILE" 2>/dev/null) || token=
  case "$token" in
    *[!A-Za-z0-9_.~+/=-]*|'') token_ok=no ;;
    *) token_ok=yes ;;
  esac
  if [ "$token_ok" = no ] || [ "${#token}" -lt 16 ] || [ "${#token}" -gt 512 ]; then
    log "TASK_API_TOKEN_FILE ($TASK_API_TOKEN_FILE) holds no usable token (16-512 characters of A-Za-z0-9_-.~+/=): the server keeps its own"
    return 0
  fi
  tasks_dir=${TASK_API_TASKS_DIR:-${HOME:-$(pwd)}/.claude-tasks}
  (
    umask 077
    mkdir -p "$tasks_dir" && printf '%s\n' "$token" > "$tasks_dir/.api-token.new" && mv "$tasks_dir/.api-token.new" "$tasks_dir/.api-token"
  ) || log "could not install the token from TASK_API_TOKEN_FILE into $tasks_dir"
}

start_server() {
  install_token
  # A subshell that becomes the server: the settings are exported there alone (not in argv,
  # which ps shows to every process of the pod, and not in the supervisor).
  (
    # Every setting of the server (packages/server/src/config.ts) is forwarded:
    for name in PORT HOST TASKS_DIR DEFAULT_WORKDIR WORKDIR_ROOT CLAUDE_BIN CLAUDE_PERMISSION_MODE \
      TMUX_SOCKET TMUX_BIN MAX_BODY_BYTES LOG_LEVEL ALLOWED_PERMISSION_MODES MAX_TIMEOUT_SECONDS \
      DEFAULT_TIMEOUT_SECONDS MAX_CONCURRENT_TASKS TASK_RETENTION_DAYS SCHEDULES_ENABLED WEBHOOK_SECRET_FILE \
      WEBHOOK_ALLOWED_HOSTS WEBHOOK_MAX_ATTEMPTS WEBHOOK_RETRY_BASE_MS WEBHOOK_TIMEOUT_MS \
      CLAUDE_INSTALL_STATE_FILE WEBHOOK_ALLOW_PRIVATE_ADDRESSES TRUST_PROXY_HEADERS \
      OAUTH_ALLOWED_USERS OAUTH_ALLOWED_EMAILS PROXY_AUTH_SECRET_FILE MAX_APPROVAL_TIMEOUT_SECONDS ALLOWED_HOSTS \
      DAILY_BUDGET_USD BUDGET_TIMEZONE SECRETS_DIR MCP_SERVERS_FILE; do
      eval "value=\${TASK_API_$name-}"
      if [ -n "$value" ]; then
        export "$name=$value"
      fi
    done
    # A ConfigMap volume's files are symlinks into a directory that the kubelet replaces on each
    # update. Without --preserve-symlinks-main the server would locate runner/run-task.js in the
    # replaced (deleted) directory until it restarts, and fail to start tasks meanwhile.
    exec "$node_bin" --preserve-symlinks-main "$1/main.js"
  ) &
  server_pid=$!
}

# Stops the server when the bundle changes; the supervisor then starts the new one. The new
# bundle is unpacked first: until it unpacks (its pieces may come from two releases for a
# moment while an upgrade updates the ConfigMaps one after the other), the old server runs on.
watch_bundle() {
  while pause "$reload_interval"; do
    fingerprint=$(bundle_fingerprint)
    if [ "$fingerprint" != "$2" ]; then
      if server_dir "$fingerprint" >/dev/null; then
        log "server bundle changed; restarting the server (tasks keep running)"
        # From here the exit status tells the supervisor that this stop was a reload, not a
        # crash: ignore its TERM, which may now arrive before this subshell has exited.
        trap '' TERM
        kill -TERM "$1" 2>/dev/null
        return 0
      fi
      log "server bundle changed but does not unpack (yet); the server keeps running"
    fi
  done
}

supervise() {
  prepare_claude
  if [ -n "$need_install" ]; then
    install_claude &
    installer_pid=$!
  fi
  delay=$restart_delay
  while :; do
    fingerprint=$(bundle_fingerprint)
    started=$(date +%s)
    if dir=$(server_dir "$fingerprint"); then
      start_server "$dir"
      log "server started (pid $server_pid)"
    else
      # Nothing to run (a full volume?): wait as if it had died, and try again.
      log "could not unpack the server bundle"
      sleep 0 &
      server_pid=$!
    fi
    watcher_pid=
    if [ "$reload_interval" -gt 0 ]; then
      watch_bundle "$server_pid" "$fingerprint" &
      watcher_pid=$!
    fi
    wait "$server_pid"
    status=$?
    if [ -n "$watcher_pid" ]; then
      kill "$watcher_pid" 2>/dev/null
      # The watcher exits 0 only when it stopped the server for a new bundle: a reload, which
      # starts the new server at once and is no step of a crash loop.
      if wait "$watcher_pid"; then
        log "server (pid $server_pid) stopped for the new bundle; starting it now"
        delay=$restart_delay
        continue
      fi
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
  if [ -n "$installer_pid" ]; then
    kill "$installer_pid" 2>/dev/null
  fi
  if [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null; then
    wait "$server_pid"
  fi
  exit 0
}

# A variable is in /proc/<pid>/environ of every process that inherits it.
for name in WEBHOOK_SECRET PROXY_AUTH_SECRET; do
  eval "value=\${TASK_API_$name-}"
  if [ -n "$value" ]; then
    log "TASK_API_$name is ignored (tasks could read it): use TASK_API_${name}_FILE"
  fi
done
unset TASK_API_WEBHOOK_SECRET TASK_API_PROXY_AUTH_SECRET value

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
  # The workspace's own command becomes the container's main process, as without this chart.
  exec "$@"
fi
