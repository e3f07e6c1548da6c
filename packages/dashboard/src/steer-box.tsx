/**
 * The message box of a task with a run in progress: "Send now" hands the message to that run
 * (Claude takes it when its current turn ends), "After this run" queues it as a follow-up.
 */
import { useState } from "preact/hooks";
import { client, describeError } from "./api.js";
import { ErrorLine } from "./error-line.js";

export function SteerBox({ id, onSent }: { id: string; onSent: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const send = async (form: HTMLFormElement, how: "now" | "after") => {
    const prompt = (form.elements.namedItem("steer") as HTMLTextAreaElement).value.trim();
    if (!prompt) return;
    try {
      setError(undefined);
      if (how === "now") {
        const accepted = await client.tasks.steer(id, prompt);
        setNote(accepted.delivered === "live" ? "Sent into the run in progress." : "The run was ending: queued as a follow-up.");
      } else {
        await client.tasks.sendMessage(id, { prompt });
        setNote("Queued: it runs after this run.");
      }
      form.reset();
      onSent();
    } catch (err) {
      setNote(undefined);
      setError(describeError(err));
    }
  };
  return (
    <form
      class="followup"
      onSubmit={(e) => {
        e.preventDefault();
        void send(e.currentTarget, "now");
      }}
    >
      <label>
        Message
        <textarea name="steer" rows={2} required placeholder="Tell Claude something while it works" />
      </label>
      <ErrorLine message={error} />
      {note ? <p class="muted">{note}</p> : null}
      <div class="actions">
        <button type="submit" class="primary">
          Send now
        </button>
        <button
          type="button"
          onClick={(e) => {
            const form = (e.currentTarget as HTMLButtonElement).form;
            if (form?.reportValidity()) void send(form, "after");
          }}
        >
          After this run
        </button>
      </div>
    </form>
  );
}
