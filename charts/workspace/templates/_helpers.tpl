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
