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

{{/* Rules across values that values.schema.json cannot state; a bad combination fails the
install with a message, instead of a server that refuses to start in the pod. */}}
{{- define "workspace.validate" -}}
{{- $api := .Values.taskApi -}}
{{- if and $api.webhooks.secret $api.webhooks.existingSecret -}}
{{- fail "taskApi.webhooks: set either secret or existingSecret, not both" -}}
{{- end -}}
{{- if and $api.allowedPermissionModes (not (has $api.permissionMode $api.allowedPermissionModes)) -}}
{{- fail (printf "taskApi.permissionMode %q must be one of taskApi.allowedPermissionModes %v (the server refuses to start otherwise)" $api.permissionMode $api.allowedPermissionModes) -}}
{{- end -}}
{{- $oauth2 := .Values.ingress.auth.oauth2 -}}
{{- if and (include "workspace.oauth2Door" .) (not $oauth2.allowedUsers) (not $oauth2.allowedEmails) -}}
{{- fail "ingress.auth.oauth2: set allowedEmails (or allowedUsers) to the workspace owner: the OAuth2 proxy signs in everyone it knows, and the Task API would take any of them for the owner" -}}
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

{{/* TLS block and annotations shared by the chart's Ingresses. */}}
{{- define "workspace.ingressTLS" -}}
{{- if .Values.ingress.tls.enabled }}
tls:
  - hosts: [{{ .Values.host | quote }}]
    secretName: {{ .Values.ingress.tls.secretName | default (printf "%s-tls" (include "workspace.name" .)) }}
{{- end }}
{{- end -}}

{{/* Non-empty when the chart renders the /oauth door behind oauth2-proxy: only then does the
Task API trust identity headers (TRUST_PROXY_HEADERS). */}}
{{- define "workspace.oauth2Door" -}}
{{- if and .Values.ingress.enabled (eq .Values.ingress.auth.type "oauth2") }}true{{ end -}}
{{- end -}}
