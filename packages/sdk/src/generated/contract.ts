// GENERATED from /openapi.yaml by packages/server/scripts/generate-contract.mjs. Do not edit; run `npm run generate`.
/** Constraints of each component schema (openapi.yaml `components.schemas`). */
export const schemas = {
  Error: {
    type: "object",
    required: ["error", "code"],
    properties: {
      error: {
        type: "string",
      },
      code: {
        type: "string",
        enum: [
          "bad_request",
          "invalid_json",
          "validation_failed",
          "invalid_workdir",
          "unauthorized",
          "proxy_not_trusted",
          "forbidden_identity",
          "bad_path",
          "cross_site",
          "host_not_allowed",
          "not_found",
          "task_not_found",
          "task_finished",
          "task_not_finished",
          "task_not_running",
          "idempotency_conflict",
          "not_a_git_repository",
          "invalid_base_ref",
          "no_worktree",
          "approval_not_found",
          "approval_already_answered",
          "approval_closed",
          "payload_too_large",
          "followup_queue_full",
          "insufficient_storage",
          "too_many_subscribers",
          "invalid_cron",
          "invalid_timezone",
          "schedule_not_found",
          "budget_exhausted",
          "token_expired",
          "token_revoked",
          "insufficient_scope",
          "token_not_found",
          "internal_error",
        ],
      },
    },
  },
  DashboardLink: {
    type: "object",
    required: ["url", "expires_at"],
    properties: {
      url: {
        type: "string",
      },
      expires_at: {
        type: "string",
      },
    },
  },
  SignOutResult: {
    type: "object",
    required: ["ended_sessions", "ended_links"],
    properties: {
      ended_sessions: {
        type: "integer",
      },
      ended_links: {
        type: "integer",
      },
    },
  },
  DashboardSessionInfo: {
    type: "object",
    required: ["token_access"],
    properties: {
      token_access: {
        type: "boolean",
      },
    },
  },
  ServerInfo: {
    type: "object",
    required: ["workdir_root", "default_workdir"],
    properties: {
      workdir_root: {
        type: "string",
      },
      default_workdir: {
        type: "string",
      },
    },
  },
  Health: {
    type: "object",
    required: ["status"],
    properties: {
      status: {
        type: "string",
        enum: ["ok"],
      },
    },
  },
  TaskStatus: {
    type: "string",
    enum: ["queued", "running", "completed", "error", "killed"],
  },
  RunState: {
    type: "string",
    enum: ["queued", "running", "completed", "error", "killed", "interrupted"],
  },
  FinishedStatus: {
    type: "string",
    enum: ["completed", "error", "killed"],
  },
  RunOptions: {
    type: "object",
    properties: {
      model: {
        type: "string",
        pattern: "^[A-Za-z0-9][A-Za-z0-9._:[\\]-]{0,99}$",
      },
      permission_mode: {
        type: "string",
        enum: ["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto"],
      },
      allowed_tools: {
        type: "array",
        maxItems: 100,
        items: {
          type: "string",
          pattern: "^[A-Za-z_*][^,\\u0000-\\u001f]{0,199}$",
        },
      },
      disallowed_tools: {
        type: "array",
        maxItems: 100,
        items: {
          type: "string",
          pattern: "^[A-Za-z_*][^,\\u0000-\\u001f]{0,199}$",
        },
      },
      max_turns: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
      },
      append_system_prompt: {
        type: "string",
        minLength: 1,
        maxLength: 100000,
        pattern: "^[^\\u0000]*$",
      },
      timeout_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 604800,
      },
      approvals: {
        type: "boolean",
      },
      approval_timeout_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 604800,
      },
      effort: {
        type: "string",
        enum: ["low", "medium", "high", "xhigh", "max"],
      },
      fallback_model: {
        type: "string",
        pattern: "^[A-Za-z0-9][A-Za-z0-9._:[\\]-]{0,99}$",
      },
      add_dirs: {
        type: "array",
        maxItems: 20,
        items: {
          type: "string",
          minLength: 1,
          maxLength: 4096,
          pattern: "^[^\\u0000]*$",
        },
      },
    },
  },
  AskingPermissionMode: {
    type: "string",
    enum: ["default", "acceptEdits", "plan"],
  },
  Labels: {
    type: "object",
    maxProperties: 32,
    propertyNames: {
      pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$",
    },
    additionalProperties: {
      type: "string",
      maxLength: 256,
      pattern: "^[^,]*$",
    },
  },
  CreateTaskRequest: {
    type: "object",
    properties: {
      prompt: {
        type: "string",
        minLength: 1,
      },
      workdir: {
        type: "string",
        minLength: 1,
      },
      callback_url: {
        type: "string",
        format: "uri",
        pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
        maxLength: 2048,
      },
      callback_on: {
        type: "string",
        enum: ["finish", "status"],
      },
      isolation: {
        type: "string",
        enum: ["none", "worktree"],
      },
      base_ref: {
        type: "string",
        minLength: 1,
        maxLength: 256,
        pattern: "^[^-\\u0000-\\u0020\\u007f][^\\u0000-\\u0020\\u007f]*$",
      },
      secrets: {
        type: "array",
        maxItems: 64,
      },
      mcp_servers: {
        type: "array",
        maxItems: 64,
      },
      model: {
        type: "string",
        pattern: "^[A-Za-z0-9][A-Za-z0-9._:[\\]-]{0,99}$",
      },
      permission_mode: {
        type: "string",
        enum: ["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto"],
      },
      allowed_tools: {
        type: "array",
        maxItems: 100,
        items: {
          type: "string",
          pattern: "^[A-Za-z_*][^,\\u0000-\\u001f]{0,199}$",
        },
      },
      disallowed_tools: {
        type: "array",
        maxItems: 100,
        items: {
          type: "string",
          pattern: "^[A-Za-z_*][^,\\u0000-\\u001f]{0,199}$",
        },
      },
      max_turns: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
      },
      append_system_prompt: {
        type: "string",
        minLength: 1,
        maxLength: 100000,
        pattern: "^[^\\u0000]*$",
      },
      timeout_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 604800,
      },
      approvals: {
        type: "boolean",
      },
      approval_timeout_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 604800,
      },
      effort: {
        type: "string",
        enum: ["low", "medium", "high", "xhigh", "max"],
      },
      fallback_model: {
        type: "string",
        pattern: "^[A-Za-z0-9][A-Za-z0-9._:[\\]-]{0,99}$",
      },
      add_dirs: {
        type: "array",
        maxItems: 20,
        items: {
          type: "string",
          minLength: 1,
          maxLength: 4096,
          pattern: "^[^\\u0000]*$",
        },
      },
    },
    required: ["prompt"],
  },
  SecretName: {
    type: "string",
    pattern: "^[A-Za-z_][A-Za-z0-9_]{0,127}$",
  },
  McpServerName: {
    type: "string",
    pattern: "^[A-Za-z0-9_-]{1,64}$",
  },
  McpServerStatus: {
    type: "object",
    required: ["name", "status"],
    properties: {
      status: {
        type: "string",
      },
    },
  },
  SteerRequest: {
    type: "object",
    required: ["prompt"],
    properties: {
      prompt: {
        type: "string",
      },
    },
  },
  InterruptRequest: {
    type: "object",
    properties: {
      prompt: {
        type: "string",
      },
    },
  },
  SteerAccepted: {
    type: "object",
    required: ["task_id", "steer_id", "delivered", "run"],
    properties: {
      task_id: {
        type: "string",
      },
      steer_id: {
        type: "string",
      },
      delivered: {
        type: "string",
        enum: ["live", "queued"],
      },
      run: {
        type: "integer",
      },
    },
  },
  Steer: {
    type: "object",
    required: ["steer_id", "kind", "sent_at", "delivered"],
    properties: {
      steer_id: {
        type: "string",
      },
      kind: {
        type: "string",
        enum: ["steer", "interrupt"],
      },
      prompt: {
        type: "string",
      },
      sent_at: {
        type: "number",
      },
      delivered: {
        type: "string",
        enum: ["live", "queued"],
      },
      taken_at: {
        type: "number",
      },
      dropped_at: {
        type: "number",
      },
      followup_run: {
        type: "integer",
      },
    },
  },
  MessageRequest: {
    type: "object",
    properties: {
      prompt: {
        type: "string",
        minLength: 1,
      },
      model: {
        type: "string",
        pattern: "^[A-Za-z0-9][A-Za-z0-9._:[\\]-]{0,99}$",
      },
      permission_mode: {
        type: "string",
        enum: ["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto"],
      },
      allowed_tools: {
        type: "array",
        maxItems: 100,
        items: {
          type: "string",
          pattern: "^[A-Za-z_*][^,\\u0000-\\u001f]{0,199}$",
        },
      },
      disallowed_tools: {
        type: "array",
        maxItems: 100,
        items: {
          type: "string",
          pattern: "^[A-Za-z_*][^,\\u0000-\\u001f]{0,199}$",
        },
      },
      max_turns: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
      },
      append_system_prompt: {
        type: "string",
        minLength: 1,
        maxLength: 100000,
        pattern: "^[^\\u0000]*$",
      },
      timeout_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 604800,
      },
      approvals: {
        type: "boolean",
      },
      approval_timeout_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 604800,
      },
      effort: {
        type: "string",
        enum: ["low", "medium", "high", "xhigh", "max"],
      },
      fallback_model: {
        type: "string",
        pattern: "^[A-Za-z0-9][A-Za-z0-9._:[\\]-]{0,99}$",
      },
      add_dirs: {
        type: "array",
        maxItems: 20,
        items: {
          type: "string",
          minLength: 1,
          maxLength: 4096,
          pattern: "^[^\\u0000]*$",
        },
      },
    },
    required: ["prompt"],
  },
  Followup: {
    type: "object",
    required: ["prompt", "sent_at", "state"],
    properties: {
      prompt: {
        type: "string",
      },
      sent_at: {
        type: "number",
      },
      started_at: {
        type: "number",
      },
      finished_at: {
        type: "number",
      },
      exit_code: {
        type: "integer",
      },
    },
  },
  ResultSummary: {
    type: "object",
    required: ["is_error"],
    properties: {
      text: {
        type: "string",
      },
      is_error: {
        type: "boolean",
      },
      subtype: {
        type: "string",
      },
      num_turns: {
        type: "number",
      },
      duration_ms: {
        type: "number",
      },
      total_cost_usd: {
        type: "number",
      },
      usage: {
        type: "object",
      },
      error: {
        type: "string",
      },
    },
  },
  ErrorKind: {
    type: "string",
    enum: [
      "auth",
      "credit",
      "rate_limited",
      "api_error",
      "max_turns",
      "timeout",
      "killed",
      "output_schema",
      "cli_failed",
      "budget",
      "interrupted",
    ],
  },
  Run: {
    type: "object",
    required: ["index", "prompt", "state", "sent_at", "cost_usd"],
    properties: {
      index: {
        type: "integer",
      },
      prompt: {
        type: "string",
      },
      sent_at: {
        type: "number",
      },
      started_at: {
        type: "number",
      },
      finished_at: {
        type: "number",
      },
      exit_code: {
        type: "integer",
      },
      error: {
        type: "string",
      },
      resumed: {
        type: "boolean",
      },
      steers: {
        type: "array",
      },
      cost_usd: {
        type: "number",
      },
    },
  },
  Totals: {
    type: "object",
    required: ["total_cost_usd", "num_turns", "duration_ms"],
    properties: {
      total_cost_usd: {
        type: "number",
      },
      num_turns: {
        type: "number",
      },
      duration_ms: {
        type: "number",
      },
    },
  },
  Task: {
    type: "object",
    required: [
      "task_id",
      "session_id",
      "prompt",
      "workdir",
      "status",
      "created_at",
      "tmux_session",
      "followups",
      "runs",
      "totals",
    ],
    properties: {
      task_id: {
        type: "string",
      },
      session_id: {
        type: "string",
        format: "uuid",
      },
      prompt: {
        type: "string",
      },
      workdir: {
        type: "string",
      },
      created_at: {
        type: "number",
      },
      finished_at: {
        type: "number",
      },
      killed_at: {
        type: "number",
      },
      error: {
        type: "string",
      },
      tmux_session: {
        type: "string",
      },
      followups: {
        type: "array",
      },
      runs: {
        type: "array",
      },
      queue_position: {
        type: "integer",
      },
      pending_approvals: {
        type: "array",
      },
      secrets: {
        type: "array",
      },
      mcp_servers: {
        type: "array",
      },
    },
  },
  TaskDetail: {
    type: "object",
    properties: {
      task_id: {
        type: "string",
      },
      session_id: {
        type: "string",
        format: "uuid",
      },
      prompt: {
        type: "string",
      },
      workdir: {
        type: "string",
      },
      created_at: {
        type: "number",
      },
      finished_at: {
        type: "number",
      },
      killed_at: {
        type: "number",
      },
      error: {
        type: "string",
      },
      tmux_session: {
        type: "string",
      },
      followups: {
        type: "array",
      },
      runs: {
        type: "array",
      },
      queue_position: {
        type: "integer",
      },
      pending_approvals: {
        type: "array",
      },
      secrets: {
        type: "array",
      },
      mcp_servers: {
        type: "array",
      },
      recent_output: {
        type: "string",
      },
    },
    required: [
      "task_id",
      "session_id",
      "prompt",
      "workdir",
      "status",
      "created_at",
      "tmux_session",
      "followups",
      "runs",
      "totals",
      "recent_output",
    ],
  },
  TaskSummary: {
    type: "object",
    required: ["task_id", "prompt", "status", "created_at", "total_cost_usd"],
    properties: {
      task_id: {
        type: "string",
      },
      prompt: {
        type: "string",
      },
      created_at: {
        type: "number",
      },
      finished_at: {
        type: "number",
      },
      total_cost_usd: {
        type: "number",
      },
      queue_position: {
        type: "integer",
      },
      pending_approvals: {
        type: "array",
      },
    },
  },
  TaskList: {
    type: "object",
    required: ["tasks"],
    properties: {
      tasks: {
        type: "array",
      },
      next_cursor: {
        type: "string",
      },
    },
  },
  MessageResponse: {
    type: "object",
    required: ["task_id", "session_id", "status", "followups"],
    properties: {
      task_id: {
        type: "string",
      },
      session_id: {
        type: "string",
        format: "uuid",
      },
      followups: {
        type: "array",
      },
    },
  },
  PurgeResponse: {
    type: "object",
    required: ["task_id", "purged"],
    properties: {
      task_id: {
        type: "string",
      },
      purged: {
        type: "boolean",
        const: true,
      },
    },
  },
  Callback: {
    type: "object",
    required: ["url", "on", "attempts"],
    properties: {
      url: {
        type: "string",
      },
      on: {
        type: "string",
        enum: ["finish", "status"],
      },
      attempts: {
        type: "array",
        items: {
          type: "object",
          required: ["event", "attempt", "at", "duration_ms"],
          properties: {
            approval_id: {
              type: "string",
            },
            attempt: {
              type: "integer",
            },
            at: {
              type: "number",
            },
            status: {
              type: "integer",
            },
            error: {
              type: "string",
            },
            duration_ms: {
              type: "number",
            },
          },
        },
      },
    },
  },
  TaskStatusEvent: {
    type: "object",
    required: ["task_id", "status", "runs"],
    properties: {
      task_id: {
        type: "string",
      },
      finished_at: {
        type: "number",
      },
      error: {
        type: "string",
      },
      runs: {
        type: "array",
        items: {
          type: "object",
          required: ["index", "state"],
          properties: {
            index: {
              type: "integer",
            },
            exit_code: {
              type: "integer",
            },
          },
        },
      },
    },
  },
  TaskExitEvent: {
    type: "object",
    required: ["exit_code"],
    properties: {
      exit_code: {
        type: "integer",
      },
    },
  },
  TaskEndEvent: {
    type: "object",
    required: ["status"],
    properties: {},
  },
  Readiness: {
    type: "object",
    required: ["status", "checks"],
    properties: {
      status: {
        type: "string",
        enum: ["ready", "not_ready"],
      },
      checks: {
        type: "object",
        required: ["tmux", "claude"],
        properties: {
          tmux: {
            type: "string",
          },
          claude: {
            type: "string",
          },
          credentials: {
            type: "string",
          },
          permission_mode: {
            type: "string",
          },
          claude_install: {
            type: "string",
          },
        },
        additionalProperties: {
          type: "string",
        },
      },
    },
  },
  KillResponse: {
    type: "object",
    required: ["task_id", "status", "killed_at"],
    properties: {
      task_id: {
        type: "string",
      },
      status: {
        type: "string",
        enum: ["killed"],
      },
      killed_at: {
        type: "number",
      },
    },
  },
  OutputSchema: {
    type: "object",
  },
  Worktree: {
    type: "object",
    required: ["path", "branch", "base_commit", "repository"],
    properties: {
      path: {
        type: "string",
      },
      branch: {
        type: "string",
      },
      base_commit: {
        type: "string",
      },
      repository: {
        type: "string",
      },
    },
  },
  DiffStat: {
    type: "object",
    required: ["base_commit", "files"],
    properties: {
      base_commit: {
        type: "string",
      },
      files: {
        type: "array",
        items: {
          type: "object",
          required: ["path", "additions", "deletions", "status"],
          properties: {
            path: {
              type: "string",
            },
            additions: {
              type: "integer",
            },
            deletions: {
              type: "integer",
            },
            status: {
              type: "string",
              enum: ["added", "modified", "deleted", "type_changed"],
            },
            binary: {
              type: "boolean",
            },
          },
        },
      },
    },
  },
  PendingApproval: {
    type: "object",
    required: ["approval_id", "run", "tool", "input", "requested_at"],
    properties: {
      approval_id: {
        type: "string",
      },
      run: {
        type: "integer",
      },
      tool: {
        type: "string",
      },
      input: {
        type: "object",
      },
      requested_at: {
        type: "number",
      },
      expires_at: {
        type: "number",
      },
    },
  },
  ApprovalAnswer: {
    type: "object",
    required: ["decision"],
    properties: {
      decision: {
        type: "string",
        enum: ["allow", "deny"],
      },
      message: {
        type: "string",
        minLength: 1,
        maxLength: 4000,
      },
      updated_input: {
        type: "object",
        maxProperties: 100,
      },
    },
  },
  ApprovalDecision: {
    type: "object",
    required: ["approval_id", "run", "decision", "answered_at", "by"],
    properties: {
      type: {
        type: "string",
        enum: ["approval_decision"],
      },
      approval_id: {
        type: "string",
      },
      run: {
        type: "integer",
      },
      tool: {
        type: "string",
      },
      decision: {
        type: "string",
        enum: ["allow", "deny"],
      },
      message: {
        type: "string",
      },
      updated_input: {
        type: "object",
      },
      answered_at: {
        type: "number",
      },
      by: {
        type: "string",
        enum: ["client", "timeout"],
      },
    },
  },
  TaskApprovalEvent: {
    type: "object",
    required: ["type", "approval_id", "run", "tool", "input", "requested_at"],
    properties: {
      type: {
        type: "string",
        enum: ["approval"],
      },
      approval_id: {
        type: "string",
      },
      run: {
        type: "integer",
      },
      tool: {
        type: "string",
      },
      input: {
        type: "object",
      },
      requested_at: {
        type: "number",
      },
      expires_at: {
        type: "number",
      },
      tool_use_id: {
        type: "string",
      },
    },
  },
  TokenResponse: {
    type: "object",
    required: ["token"],
    properties: {
      token: {
        type: "string",
      },
    },
  },
  TokenScope: {
    type: "string",
    enum: ["tasks:read", "tasks:write", "approvals:write", "tasks:purge", "admin"],
  },
  CreateTokenRequest: {
    type: "object",
    required: ["name", "scopes"],
    properties: {
      name: {
        type: "string",
        minLength: 1,
        maxLength: 100,
        pattern: "^[^\\u0000-\\u001f\\u007f]*$",
      },
      scopes: {
        type: "array",
        minItems: 1,
        maxItems: 5,
      },
      expires_in_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 31622400,
      },
      workdirs: {
        type: "array",
        maxItems: 32,
        items: {
          type: "string",
          minLength: 1,
          maxLength: 4096,
        },
      },
      secrets: {
        type: "array",
        maxItems: 64,
        items: {
          type: "string",
          minLength: 1,
          maxLength: 128,
        },
      },
      mcp_servers: {
        type: "array",
        maxItems: 64,
        items: {
          type: "string",
          minLength: 1,
          maxLength: 128,
        },
      },
    },
  },
  NamedToken: {
    type: "object",
    required: ["id", "name", "scopes", "created_at"],
    properties: {
      id: {
        type: "string",
      },
      name: {
        type: "string",
      },
      scopes: {
        type: "array",
      },
      workdirs: {
        type: "array",
        items: {
          type: "string",
        },
      },
      secrets: {
        type: "array",
        items: {
          type: "string",
        },
      },
      mcp_servers: {
        type: "array",
        items: {
          type: "string",
        },
      },
      created_at: {
        type: "number",
      },
      expires_at: {
        type: "number",
      },
      last_used_at: {
        type: "number",
      },
      revoked_at: {
        type: "number",
      },
    },
  },
  CreatedToken: {
    type: "object",
    properties: {
      id: {
        type: "string",
      },
      name: {
        type: "string",
      },
      scopes: {
        type: "array",
      },
      workdirs: {
        type: "array",
        items: {
          type: "string",
        },
      },
      secrets: {
        type: "array",
        items: {
          type: "string",
        },
      },
      mcp_servers: {
        type: "array",
        items: {
          type: "string",
        },
      },
      created_at: {
        type: "number",
      },
      expires_at: {
        type: "number",
      },
      last_used_at: {
        type: "number",
      },
      revoked_at: {
        type: "number",
      },
      token: {
        type: "string",
      },
    },
    required: ["id", "name", "scopes", "created_at", "token"],
  },
  TokenList: {
    type: "object",
    required: ["tokens"],
    properties: {
      tokens: {
        type: "array",
      },
    },
  },
  AuditActor: {
    type: "object",
    required: ["kind"],
    properties: {
      kind: {
        type: "string",
        enum: ["owner_token", "token", "proxy", "session", "anonymous"],
      },
      token_id: {
        type: "string",
      },
      token_name: {
        type: "string",
      },
      user: {
        type: "string",
      },
      owner: {
        type: "boolean",
      },
    },
  },
  AuditEntry: {
    type: "object",
    required: ["seq", "time", "actor", "action", "status"],
    properties: {
      seq: {
        type: "integer",
      },
      time: {
        type: "string",
      },
      remote_addr: {
        type: "string",
      },
      action: {
        type: "string",
      },
      method: {
        type: "string",
      },
      path: {
        type: "string",
      },
      task_id: {
        type: "string",
      },
      status: {
        type: "integer",
      },
      reason: {
        type: "string",
      },
      prompt: {
        type: "string",
      },
    },
  },
  AuditPage: {
    type: "object",
    required: ["entries"],
    properties: {
      entries: {
        type: "array",
      },
      next_cursor: {
        type: "string",
      },
    },
  },
  CreateScheduleRequest: {
    type: "object",
    required: ["name", "cron", "task"],
    properties: {
      name: {
        type: "string",
        minLength: 1,
        maxLength: 100,
        pattern: "^[^\\u0000-\\u001f\\u007f]*$",
      },
      cron: {
        type: "string",
        minLength: 1,
        maxLength: 200,
      },
      timezone: {
        type: "string",
        minLength: 1,
        maxLength: 64,
      },
      overlap: {
        type: "string",
        enum: ["skip", "queue", "allow"],
      },
      catch_up: {
        type: "string",
        enum: ["none", "latest"],
      },
      enabled: {
        type: "boolean",
      },
    },
  },
  UpdateScheduleRequest: {
    type: "object",
    properties: {
      name: {
        type: "string",
        minLength: 1,
        maxLength: 100,
        pattern: "^[^\\u0000-\\u001f\\u007f]*$",
      },
      cron: {
        type: "string",
        minLength: 1,
        maxLength: 200,
      },
      timezone: {
        type: "string",
        minLength: 1,
        maxLength: 64,
      },
      overlap: {
        type: "string",
        enum: ["skip", "queue", "allow"],
      },
      catch_up: {
        type: "string",
        enum: ["none", "latest"],
      },
      enabled: {
        type: "boolean",
      },
    },
  },
  ScheduleFire: {
    type: "object",
    required: ["scheduled_for", "fired_at", "outcome"],
    properties: {
      scheduled_for: {
        type: "number",
      },
      fired_at: {
        type: "number",
      },
      outcome: {
        type: "string",
        enum: ["created", "skipped_overlap", "skipped_budget", "failed"],
      },
      task_id: {
        type: "string",
      },
      reason: {
        type: "string",
      },
      caught_up: {
        type: "boolean",
      },
      missed: {
        type: "integer",
      },
      manual: {
        type: "boolean",
      },
    },
  },
  ScheduleRunResult: {
    type: "object",
    required: ["scheduled_for", "fired_at", "outcome"],
    properties: {
      scheduled_for: {
        type: "number",
      },
      fired_at: {
        type: "number",
      },
      outcome: {
        type: "string",
        enum: ["created", "skipped_overlap", "skipped_budget", "failed", "queued"],
      },
      task_id: {
        type: "string",
      },
      reason: {
        type: "string",
      },
      manual: {
        type: "boolean",
      },
    },
  },
  Schedule: {
    type: "object",
    required: [
      "schedule_id",
      "name",
      "cron",
      "timezone",
      "task",
      "overlap",
      "catch_up",
      "enabled",
      "created_at",
      "updated_at",
      "next_runs",
      "fires",
    ],
    properties: {
      schedule_id: {
        type: "string",
      },
      name: {
        type: "string",
      },
      cron: {
        type: "string",
      },
      timezone: {
        type: "string",
      },
      overlap: {
        type: "string",
        enum: ["skip", "queue", "allow"],
      },
      catch_up: {
        type: "string",
        enum: ["none", "latest"],
      },
      enabled: {
        type: "boolean",
      },
      created_at: {
        type: "number",
      },
      updated_at: {
        type: "number",
      },
      next_run_at: {
        type: "number",
      },
      next_runs: {
        type: "array",
        items: {
          type: "number",
        },
      },
      fires: {
        type: "array",
      },
      queued_fire: {
        type: "object",
        required: ["scheduled_for", "fired_at"],
        properties: {
          scheduled_for: {
            type: "number",
          },
          fired_at: {
            type: "number",
          },
        },
      },
    },
  },
  ScheduleList: {
    type: "object",
    required: ["schedules"],
    properties: {
      schedules: {
        type: "array",
      },
    },
  },
  SchedulePreview: {
    type: "object",
    required: ["cron", "timezone", "next_runs"],
    properties: {
      cron: {
        type: "string",
      },
      timezone: {
        type: "string",
      },
      next_runs: {
        type: "array",
        items: {
          type: "number",
        },
      },
    },
  },
  ScheduleDeleted: {
    type: "object",
    required: ["schedule_id", "deleted"],
    properties: {
      schedule_id: {
        type: "string",
      },
      deleted: {
        type: "boolean",
        const: true,
      },
    },
  },
  WebhookEventName: {
    type: "string",
    enum: ["task.finished", "task.status", "task.approval_requested"],
  },
  WebhookTask: {
    type: "object",
    required: ["task_id", "status", "created_at", "totals"],
    properties: {
      task_id: {
        type: "string",
      },
      created_at: {
        type: "number",
      },
      finished_at: {
        type: "number",
      },
      error: {
        type: "string",
      },
    },
  },
  WebhookPayload: {
    type: "object",
    required: ["event", "task"],
    properties: {},
  },
  BudgetUsd: {
    type: "number",
    minimum: 0.000001,
    maximum: 1000000,
  },
  Attention: {
    type: "string",
    enum: ["approval", "budget"],
  },
  UpdateTaskRequest: {
    type: "object",
    required: ["max_budget_usd"],
    properties: {},
  },
  UsageSums: {
    type: "object",
    required: [
      "cost_usd",
      "input_tokens",
      "output_tokens",
      "cache_creation_input_tokens",
      "cache_read_input_tokens",
      "tasks",
      "runs",
    ],
    properties: {
      cost_usd: {
        type: "number",
      },
      input_tokens: {
        type: "integer",
      },
      output_tokens: {
        type: "integer",
      },
      cache_creation_input_tokens: {
        type: "integer",
      },
      cache_read_input_tokens: {
        type: "integer",
      },
      tasks: {
        type: "integer",
      },
      runs: {
        type: "integer",
      },
    },
  },
  UsageGroup: {
    type: "object",
    properties: {
      key: {
        type: "string",
      },
      cost_usd: {
        type: "number",
      },
      input_tokens: {
        type: "integer",
      },
      output_tokens: {
        type: "integer",
      },
      cache_creation_input_tokens: {
        type: "integer",
      },
      cache_read_input_tokens: {
        type: "integer",
      },
      tasks: {
        type: "integer",
      },
      runs: {
        type: "integer",
      },
    },
    required: [
      "key",
      "cost_usd",
      "input_tokens",
      "output_tokens",
      "cache_creation_input_tokens",
      "cache_read_input_tokens",
      "tasks",
      "runs",
    ],
  },
  Usage: {
    type: "object",
    required: ["from", "to", "timezone", "group_by", "groups", "total"],
    properties: {
      from: {
        type: "string",
      },
      to: {
        type: "string",
      },
      timezone: {
        type: "string",
      },
      group_by: {
        type: "string",
      },
      groups: {
        type: "array",
      },
      daily_budget_usd: {
        type: "number",
      },
      today_spent_usd: {
        type: "number",
      },
      today_remaining_usd: {
        type: "number",
      },
    },
  },
} as const;

/** Constraints of the shared parameters (`components.parameters`). */
export const parameters = {
  TaskId: {
    type: "string",
    pattern: "^[0-9]{1,12}-[0-9a-f]{8}$",
  },
  ApprovalId: {
    type: "string",
    pattern: "^[A-Za-z0-9_-]{1,64}$",
  },
  ScheduleId: {
    type: "string",
    pattern: "^sch-[0-9a-f]{16}$",
  },
  WebhookDelivery: {
    type: "string",
    format: "uuid",
  },
  WebhookSignature: {
    type: "string",
    pattern: "^t=[0-9]+(,v1=[0-9a-f]{64})+$",
  },
} as const;

/** The header name of each shared header parameter (`components.parameters`). */
export const headers = {
  WebhookEvent: "X-Claude-Tasks-Event",
  WebhookDelivery: "X-Claude-Tasks-Delivery",
  WebhookSignature: "X-Claude-Tasks-Signature",
} as const;

/** Constraints of each operation's own parameters, by operationId. */
export const operations = {
  listTasks: {
    parameters: {
      status: {
        type: "string",
        pattern: "^[a-z]+(,[a-z]+)*$",
      },
      limit: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
      },
      cursor: {
        type: "string",
        maxLength: 512,
      },
      label: {
        type: "string",
        pattern: "^[^:,]+:[^,]*(,[^:,]+:[^,]*)*$",
      },
      q: {
        type: "string",
        minLength: 1,
        maxLength: 200,
      },
      sort: {
        type: "string",
        enum: ["newest", "oldest", "cost"],
      },
    },
  },
  createTask: {
    parameters: {
      "idempotency-key": {
        type: "string",
        pattern: "^[\\x21-\\x7e]{1,255}$",
      },
    },
  },
  getTask: {
    parameters: {
      wait: {
        type: "integer",
        minimum: 0,
        maximum: 60,
      },
    },
  },
  killTask: {
    parameters: {
      purge: {
        type: "string",
        enum: ["true", "false"],
      },
      delete_branch: {
        type: "string",
        enum: ["true", "false"],
      },
    },
  },
  getTaskOutput: {
    parameters: {
      tail: {
        type: "integer",
        minimum: 1,
        maximum: 100000,
      },
    },
  },
  streamTaskEvents: {
    parameters: {
      after: {
        type: "integer",
        minimum: 0,
      },
      tail: {
        type: "integer",
        minimum: 1,
        maximum: 100000,
      },
      "last-event-id": {
        type: "string",
        pattern: "^[0-9]{1,15}$",
      },
    },
  },
  getTaskDiff: {
    parameters: {
      stat: {
        type: "string",
        enum: ["true", "false"],
      },
    },
  },
  getUsage: {
    parameters: {
      from: {
        type: "string",
        pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      },
      to: {
        type: "string",
        pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      },
      group_by: {
        type: "string",
        pattern: "^(day|model|label:[A-Za-z0-9][A-Za-z0-9._/-]{0,62})$",
      },
    },
  },
  previewSchedule: {
    parameters: {
      cron: {
        type: "string",
        minLength: 1,
        maxLength: 200,
      },
      timezone: {
        type: "string",
        minLength: 1,
        maxLength: 64,
      },
      count: {
        type: "integer",
        minimum: 1,
        maximum: 50,
      },
    },
  },
  revokeToken: {
    parameters: {
      token_id: {
        type: "string",
        pattern: "^tok_[0-9a-f]{16}$",
      },
    },
  },
  listAudit: {
    parameters: {
      limit: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
      },
      cursor: {
        type: "string",
        pattern: "^[0-9]{1,15}$",
      },
      action: {
        type: "string",
        maxLength: 64,
      },
      task_id: {
        type: "string",
        maxLength: 64,
      },
    },
  },
} as const;

/** The webhook events the server sends (openapi.yaml `webhooks`): each one's payload schema. */
export const webhooks = {
  "task.finished": {
    payload: "WebhookPayload",
  },
  "task.status": {
    payload: "WebhookPayload",
  },
  "task.approval_requested": {
    payload: "WebhookPayload",
  },
} as const;
