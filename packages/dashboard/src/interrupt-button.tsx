/** Stops the current turn of a task's run (claude's interrupt: no kill); the conversation is kept. */
import { client } from "./api.js";

export function InterruptButton({ id, act }: { id: string; act: (action: () => Promise<unknown>) => Promise<void> }) {
  return (
    <button
      type="button"
      title="Stop the current turn; the conversation is kept"
      onClick={() => act(() => client.tasks.interrupt(id))}
    >
      Interrupt
    </button>
  );
}
