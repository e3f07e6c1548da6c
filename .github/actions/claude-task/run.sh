#!/usr/bin/env bash
# Runs one Claude Code task on a workspace's Claude Task API and waits for it; the body of
# action.yml, kept in a file so that it can be linted and tested on its own.
#
# Input (environment; action.yml maps its inputs here, so no input is ever pasted into code):
#   CTA_HOST, CTA_TOKEN, CTA_PROMPT, CTA_WORKDIR, CTA_TIMEOUT (seconds), CTA_POLL_INTERVAL
#   (seconds), CTA_KILL_ON_TIMEOUT and CTA_FAIL_ON_ERROR ("true"/"false")
# Output: task_id, status, result, cost in $GITHUB_OUTPUT (a file; any path works outside GitHub).
set -euo pipefail

die() {
  echo "::error::$*" >&2
  exit 1
}

[ -n "${CTA_TOKEN:-}" ] || die "input 'token' is empty"
echo "::add-mask::$CTA_TOKEN"
[ -n "${CTA_PROMPT:-}" ] || die "input 'prompt' is empty"
host=${CTA_HOST:-}
host=${host%/}
case "$host" in
"") die "input 'host' is empty" ;;
http://* | https://*) ;;
*) host="https://$host" ;;
esac
api="$host/api/claude"
timeout=${CTA_TIMEOUT:-1800}
interval=${CTA_POLL_INTERVAL:-10}
[[ $timeout =~ ^[0-9]+$ ]] || die "input 'timeout' must be a number of seconds, got '$timeout'"
[[ $interval =~ ^[1-9][0-9]*$ ]] || die "input 'poll-interval' must be a positive number of seconds"
out=${GITHUB_OUTPUT:-/dev/null}

# The token goes to curl in a header file, not on its command line (visible in `ps`).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(umask 077 && printf 'Authorization: Bearer %s\n' "$CTA_TOKEN" >"$work/auth")

# GETs are retried on transient failures; the POST is not, as a retry could start a second task.
api_get() {
  curl --silent --show-error --fail-with-body --max-time 30 --retry 3 --retry-all-errors \
    -H "@$work/auth" "$@"
}

set_output() {
  local delimiter
  delimiter="CTA_$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
  printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$out"
}

body=$(jq -cn --arg prompt "$CTA_PROMPT" --arg workdir "${CTA_WORKDIR:-}" \
  '{prompt: $prompt} + (if $workdir == "" then {} else {workdir: $workdir} end)')
created=$(curl --silent --show-error --fail-with-body --max-time 60 -H "@$work/auth" \
  -H "Content-Type: application/json" --data-binary "$body" "$api/tasks") ||
  die "could not create the task: ${created:-no answer from $api/tasks}"
task_id=$(jq -r '.task_id // empty' <<<"$created")
status=$(jq -r '.status // empty' <<<"$created")
[ -n "$task_id" ] || die "unexpected answer from $api/tasks: $created"
set_output task_id "$task_id"
echo "Task $task_id: $status"

deadline=$(($(date +%s) + timeout))
# Each check long-polls (?wait=, at most 60 s): the server answers as soon as the task has
# finished, so the step ends within moments of the task. A server that does not know ?wait (the
# original API) answers at once; then the loop waits poll-interval between checks.
# `queued` (waiting for a free slot) is unfinished too.
while [ "$status" = running ] || [ "$status" = queued ]; do
  now=$(date +%s)
  if [ "$now" -ge "$deadline" ]; then
    echo "::error::task $task_id still running after ${timeout}s"
    status=timeout
    if [ "${CTA_KILL_ON_TIMEOUT:-true}" = true ]; then
      api_get -X DELETE "$api/tasks/$task_id" >/dev/null || echo "::warning::could not kill task $task_id"
    fi
    break
  fi
  wait=$((deadline - now < 60 ? deadline - now : 60))
  if detail=$(api_get --max-time $((wait + 30)) "$api/tasks/$task_id?wait=$wait"); then
    status=$(jq -r '.status // "unknown"' <<<"$detail")
  else
    echo "::warning::could not read task $task_id (will retry): $detail"
  fi
  # Still unfinished, and answered before the wait was up (whole seconds: an honoured wait of
  # N seconds always spans N of them): no long poll here, or a failed request. Pace the loop.
  elapsed=$(($(date +%s) - now))
  if { [ "$status" = running ] || [ "$status" = queued ]; } && [ "$elapsed" -lt "$wait" ]; then
    now=$(date +%s)
    if [ "$now" -lt "$deadline" ]; then sleep $((deadline - now < interval ? deadline - now : interval)); fi
  fi
done
echo "Task $task_id: $status"

# The server reports the final answer and the summed cost; servers without `result`/`totals`
# (the original API) are read from the last stream-json line of type "result" instead.
detail=$(api_get "$api/tasks/$task_id" || echo '{}')
result=$(jq -r '.result.text // empty' <<<"$detail" 2>/dev/null || true)
cost=$(jq -r '.totals.total_cost_usd // empty' <<<"$detail" 2>/dev/null || true)
if [ -z "$result" ] && output=$(api_get "$api/tasks/$task_id/output"); then
  result_line=$(jq -Rc 'fromjson? | select(type == "object" and .type == "result")' <<<"$output" | tail -n 1)
  [ -n "$result_line" ] || result_line='{}'
  result=$(jq -r '.result // ""' <<<"$result_line")
  [ -n "$cost" ] || cost=$(jq -r '.total_cost_usd // ""' <<<"$result_line")
fi

set_output status "$status"
set_output result "$result"
set_output cost "$cost"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '### Claude task %s: %s\n\n%s\n' "$task_id" "$status" "$result" >>"$GITHUB_STEP_SUMMARY"
fi

if [ "$status" != completed ] && [ "${CTA_FAIL_ON_ERROR:-true}" = true ]; then
  die "task $task_id ended with status $status"
fi
