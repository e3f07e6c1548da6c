{{/* Base name of every object: ws-<user>, as kube-coder names workspaces. */}}
{{- define "workspace.name" -}}
ws-{{ .Values.user }}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "workspace.labels" -}}
{{ include "workspace.selectorLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Labels of the pod template: only what stays the same from release to release. A chart or
Task API version here would change the template on every release, and the Deployment (Recreate)
would then replace the pod and kill every running task. */}}
{{- define "workspace.podLabels" -}}
{{ include "workspace.selectorLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels that select the pod; immutable once deployed. app=ws-<user> is what the docs' kubectl commands use. */}}
{{- define "workspace.selectorLabels" -}}
app: {{ include "workspace.name" . }}
app.kubernetes.io/name: workspace
{{- end -}}

{{- define "workspace.tasksDir" -}}
{{ .Values.taskApi.tasksDir | default (printf "%s/.claude-tasks" (trimSuffix "/" .Values.home)) }}
{{- end -}}

{{- define "workspace.claudeSecretName" -}}
claude-secrets-{{ .Values.user }}
{{- end -}}

{{/* The Secret (key webhook-secret) that signs callbacks: existingSecret, the chart's own when
webhooks.secret is set, else empty (webhooks off). */}}
{{- define "workspace.webhookSecretName" -}}
{{- with .Values.taskApi.webhooks -}}
{{- if .existingSecret -}}
{{ .existingSecret }}
{{- else if .secret -}}
{{ include "workspace.name" $ }}-webhook
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The Secret (key proxy-secret) the oauth2 door checks requests against; empty without that door. */}}
{{- define "workspace.proxySecretName" -}}
{{- if include "workspace.oauth2Door" . -}}
{{ .Values.ingress.auth.oauth2.proxySecretName }}
{{- end -}}
{{- end -}}

{{/* Where the server's secrets are mounted as files (a task could read variables in /proc/<pid>/environ). */}}
{{- define "workspace.secretsDir" -}}
/etc/claude-task-api/secrets
{{- end -}}

{{/* The tasks' own secrets (taskApi.secrets), apart from the server's: SECRETS_DIR. */}}
{{- define "workspace.taskSecretsDir" -}}
/etc/claude-task-api/task-secrets
{{- end -}}

{{/* The MCP catalog (taskApi.mcpServers) as mounted: MCP_SERVERS_FILE. */}}
{{- define "workspace.mcpServersDir" -}}
/etc/claude-task-api/mcp
{{- end -}}

{{/* Rules across values that values.schema.json cannot state; a bad combination fails the
install with a message, instead of a server that refuses to start in the pod. */}}
{{- define "workspace.validate" -}}
{{- $api := .Values.taskApi -}}
{{- if and .Values.claude.apiKey .Values.claude.existingSecret -}}
{{- fail "claude: set either apiKey or existingSecret, not both" -}}
{{- end -}}
{{- if and $api.webhooks.secret $api.webhooks.existingSecret -}}
{{- fail "taskApi.webhooks: set either secret or existingSecret, not both" -}}
{{- end -}}
{{- if and $api.allowedPermissionModes (not (has $api.permissionMode $api.allowedPermissionModes)) -}}
{{- fail (printf "taskApi.permissionMode %q must be one of taskApi.allowedPermissionModes %v (the server refuses to start otherwise)" $api.permissionMode $api.allowedPermissionModes) -}}
{{- end -}}
{{- if and .Values.gateway.enabled (not .Values.gateway.parentRefs) -}}
{{- fail "gateway.parentRefs: name the Gateway the routes attach to" -}}
{{- end -}}
{{- if and .Values.gateway.enabled .Values.ingress.enabled -}}
{{- fail "gateway.enabled: turn ingress.enabled off (one set of routes per host)" -}}
{{- end -}}
{{- $oauth2 := .Values.ingress.auth.oauth2 -}}
{{- if and (include "workspace.oauth2Door" .) (not $oauth2.allowedUsers) (not $oauth2.allowedEmails) -}}
{{- fail "ingress.auth.oauth2: set allowedEmails (or allowedUsers) to the workspace owner: the OAuth2 proxy signs in everyone it knows, and the Task API would take any of them for the owner" -}}
{{- end -}}
{{- include "workspace.validateProxyProof" . -}}
{{- $tls := .Values.ingress.tls -}}
{{- if and $tls.clusterIssuer $tls.issuer -}}
{{- fail "ingress.tls: set either clusterIssuer or issuer, not both" -}}
{{- end -}}
{{- if and (or $tls.clusterIssuer $tls.issuer) (not $tls.enabled) -}}
{{- fail "ingress.tls.clusterIssuer/issuer ask cert-manager for the TLS certificate: they need ingress.tls.enabled" -}}
{{- end -}}
{{- if gt (int64 $api.defaultTimeoutSeconds) (int64 $api.maxTimeoutSeconds) -}}
{{- fail (printf "taskApi.defaultTimeoutSeconds (%d) must not exceed taskApi.maxTimeoutSeconds (%d)" (int64 $api.defaultTimeoutSeconds) (int64 $api.maxTimeoutSeconds)) -}}
{{- end -}}
{{- end -}}

{{- define "workspace.scheme" -}}
{{ ternary "https" "http" .Values.ingress.tls.enabled }}
{{- end -}}

{{/* Where the ConfigMap with the server bundle and the start-up script is mounted. */}}
{{- define "workspace.taskApiDir" -}}
/opt/claude-task-api
{{- end -}}

{{/* cert-manager's annotation, set on one Ingress alone (the bearer route's, or the basic one's):
on two Ingresses naming the same Secret, cert-manager would make two Certificates that fight. */}}
{{- define "workspace.certManagerAnnotation" -}}
{{- with .Values.ingress.tls.clusterIssuer }}
cert-manager.io/cluster-issuer: {{ . | quote }}
{{- end }}
{{- with .Values.ingress.tls.issuer }}
cert-manager.io/issuer: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* TLS block and annotations shared by the chart's Ingresses. */}}
{{- define "workspace.ingressTLS" -}}
{{- if .Values.ingress.tls.enabled }}
tls:
  - hosts: [{{ .Values.host | quote }}]
    secretName: {{ .Values.ingress.tls.secretName | default (printf "%s-tls" (include "workspace.name" .)) }}
{{- end }}
{{- end -}}


{{/* The container image: image.tag, else the chart's appVersion, which is the version of the
reference image (docker/Dockerfile) and changes only when the image does: a release that only
changes the Task API keeps it, so the pod template stays the same. A tag given as a number
(--set image.tag=20251130) is printed as written. */}}
{{- define "workspace.image" -}}
{{- $tag := .Values.image.tag | toString | default .Chart.AppVersion -}}
{{ .Values.image.repository }}:{{ $tag }}
{{- end -}}

{{/* The ServiceAccount of the pod: serviceAccount.name, ws-<user> when the chart creates one,
else the namespace's default. */}}
{{- define "workspace.serviceAccountName" -}}
{{- if .Values.serviceAccount.name -}}
{{ .Values.serviceAccount.name }}
{{- else if .Values.serviceAccount.create -}}
{{ include "workspace.name" . }}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{/* The Secret (key api-key) with the Anthropic API key: existingSecret, the chart's own when
claude.apiKey is set, else empty (Claude Code uses the OAuth login on the volume). */}}
{{- define "workspace.claudeApiKeySecret" -}}
{{- if .Values.claude.existingSecret -}}
{{ .Values.claude.existingSecret }}
{{- else if .Values.claude.apiKey -}}
{{ include "workspace.claudeSecretName" . }}
{{- end -}}
{{- end -}}

{{/* nginx's client_max_body_size for the Task API's routes: taskApi.maxBodyBytes (nginx reads a
plain number as bytes), so the server, not nginx's 1m default, decides what is too large. */}}
{{- define "workspace.proxyBodySize" -}}
{{ .Values.taskApi.maxBodyBytes | int64 }}
{{- end -}}

{{/* The compressed server bundle as three base64 pieces (a JSON array), cut at multiples of four
characters so that each piece is valid base64 of its bytes; joined, they are main.js.br again. */}}
{{- define "workspace.bundleParts" -}}
{{- $b64 := .Files.Get "files/server/main.js.br" | b64enc -}}
{{- $total := len $b64 | int -}}
{{- /* The first ConfigMap also holds the runner, package.json and the start-up script: its piece
  is that much shorter, so that the three objects weigh about the same ((total + others) / 3
  each). Every cut is a multiple of 4, base64's quantum. */ -}}
{{- $others := add (len (.Files.Get "files/server/runner/run-task.js.br" | b64enc)) (len (.Files.Get "files/server/package.json")) (len (.Files.Get "files/server/start-task-api.sh")) (len (.Files.Get "files/server/bundle.sha256")) | int -}}
{{- $first := max 0 (mul (div (sub $total (mul 2 $others)) 12) 4) | int -}}
{{- $second := add $first (mul (div (sub $total $first) 8) 4) | int -}}
{{- /* The third piece is the largest of the last two (the second is rounded down). */ -}}
{{- $limit := 200000 -}}
{{- if or (gt (add $first $others) $limit) (gt (sub $total $second) $limit) -}}
{{- fail (printf "files/server/main.js.br is too large: %d base64 characters (and %d of runner, package.json and start-up script beside the first piece), at most %d in each of its three ConfigMaps" $total $others $limit) -}}
{{- end -}}
{{- list (substr 0 $first $b64) (substr $first $second $b64) (substr $second $total $b64) | toJson -}}
{{- end -}}

{{/* Non-empty when the chart renders the /oauth door behind oauth2-proxy (the oauth2 Ingress, or
the Gateway API browser route, which always goes through the proxy): only then does the Task API
trust identity headers (TRUST_PROXY_HEADERS). */}}
{{- define "workspace.oauth2Door" -}}
{{- if or .Values.gateway.enabled (and .Values.ingress.enabled (eq .Values.ingress.auth.type "oauth2")) }}true{{ end -}}
{{- end -}}

{{/* The oauth2 door needs a proof only the proxy can give (README.md, "Two doors"). */}}
{{- define "workspace.validateProxyProof" -}}
{{- if include "workspace.oauth2Door" . -}}
{{- $np := .Values.networkPolicy -}}
{{- if .Values.gateway.enabled -}}
{{- if not .Values.ingress.auth.oauth2.proxySecretName -}}
{{- fail "gateway.enabled: set ingress.auth.oauth2.proxySecretName, sent by the workspace's oauth2-proxy with injectRequestHeaders: else anyone reaching the pod can claim to be the owner" -}}
{{- end -}}
{{- else -}}
{{- if .Values.ingress.auth.oauth2.proxySecretName -}}
{{- fail "ingress.auth.oauth2.proxySecretName: with ingress-nginx it can only come in /oauth2/auth's answer, which every signed-in user gets: it proves nothing. The NetworkPolicy is the proof here" -}}
{{- end -}}
{{- if not (and $np.enabled $np.ingressControllerPodLabels) -}}
{{- fail "ingress.auth.oauth2: only the controller's pods may reach a pod that trusts identity headers: keep networkPolicy.enabled with networkPolicy.ingressControllerPodLabels" -}}
{{- end -}}
{{- if and $np.extraFrom (not .Values.workspace.port) -}}
{{- fail "networkPolicy.extraFrom: with the oauth2 door extra peers may reach only the workspace UI, and workspace.port is 0" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Non-empty when the NetworkPolicy is the oauth2 door's proof (ingress-nginx). */}}
{{- define "workspace.policyIsProof" -}}
{{- if and (include "workspace.oauth2Door" .) (not .Values.gateway.enabled) }}true{{ end -}}
{{- end -}}
