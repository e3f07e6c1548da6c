/**
 * Replaces the run's secret values in its output with `[secret:NAME]` before a byte reaches
 * output.log or the tmux pane, so that every reader (events, the detail, transcripts, webhooks)
 * sees only the name. Output arrives in chunks of any size: a value may be split across two,
 * so the end of a chunk that could begin one is held back until the next chunk (or the end)
 * decides. Both the raw value and its JSON-escaped form (how stream-json prints it) are found;
 * overlapping matches (one secret inside or across another) are replaced as one region.
 */

interface Pattern {
  bytes: Buffer;
  label: Buffer;
}

export class SecretRedactor {
  private readonly patterns: Pattern[];
  /** The longest pattern: a match can begin at most this many bytes - 1 before a chunk's end. */
  private readonly longest: number;
  /** Whether some pattern spans a newline: if none does, no match crosses a line end. */
  private readonly multiline: boolean;
  private pending: Buffer = Buffer.alloc(0);

  constructor(secrets: Record<string, string>) {
    const patterns: Pattern[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      // An empty value cannot be found; a one-character one would redact every such character.
      if (value.length < 2) continue;
      const label = Buffer.from(`[secret:${name}]`);
      const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
      for (const form of forms) patterns.push({ bytes: Buffer.from(form), label });
    }
    // Longest first: of two matches that start at the same place, the longer names the region.
    this.patterns = patterns.sort((a, b) => b.bytes.length - a.bytes.length);
    this.longest = this.patterns[0]?.bytes.length ?? 0;
    this.multiline = this.patterns.some((p) => p.bytes.includes(0x0a));
  }

  /** The redacted bytes of `chunk` that are safe to write now; the rest waits for `push` or `flush`. */
  push(chunk: Buffer): Buffer {
    if (this.longest === 0) return chunk;
    const text = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let safe = Math.max(0, text.length - (this.longest - 1));
    // A complete line can be written at once: claude's stream-json lines reach the log without delay.
    if (!this.multiline) safe = Math.max(safe, text.lastIndexOf(0x0a) + 1);
    const { out, end } = this.redact(text, safe);
    this.pending = Buffer.from(text.subarray(end));
    return out;
  }

  /**
   * A JSON value with every secret in its strings (and keys) replaced; one whose redacted text
   * is no longer JSON (a secret that spans its syntax) is withheld whole.
   */
  redactJson<T>(value: T): T | Record<string, never> {
    if (this.longest === 0) return value;
    const text = Buffer.from(JSON.stringify(value));
    try {
      return JSON.parse(this.redact(text, text.length).out.toString("utf8")) as T;
    } catch {
      return {};
    }
  }

  /** Everything still held back, redacted (the stream ended). */
  flush(): Buffer {
    const text = this.pending;
    this.pending = Buffer.alloc(0);
    return this.redact(text, text.length).out;
  }

  /**
   * Redacts `text` up to `safe`, or further when a match that starts before it ends later (or a
   * match overlaps one being replaced); returns where it stopped.
   */
  private redact(text: Buffer, safe: number): { out: Buffer; end: number } {
    const regions: Array<{ start: number; end: number; label: Buffer }> = [];
    for (const { bytes, label } of this.patterns) {
      for (let at = text.indexOf(bytes); at !== -1; at = text.indexOf(bytes, at + 1)) {
        regions.push({ start: at, end: at + bytes.length, label });
      }
    }
    regions.sort((a, b) => a.start - b.start || b.end - a.end);
    const parts: Buffer[] = [];
    let written = 0;
    for (const region of regions) {
      if (region.start < written) {
        written = Math.max(written, region.end); // overlaps the region just replaced: widen it
        continue;
      }
      if (region.start >= safe) break;
      parts.push(text.subarray(written, region.start), region.label);
      written = region.end;
    }
    const end = Math.max(safe, written);
    parts.push(text.subarray(written, end));
    return { out: Buffer.concat(parts), end };
  }
}
