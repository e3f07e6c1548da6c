/** A button that asks once more, inline (keyboard-reachable, no modal to trap focus). */
import { useState } from "preact/hooks";

export interface ConfirmProps {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  danger?: boolean;
}

export function ConfirmButton({ label, question, confirmLabel, onConfirm, danger }: ConfirmProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class={danger ? "danger" : ""} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="confirm" role="alertdialog" aria-label={question}>
      <p>{question}</p>
      <button
        type="button"
        class="danger"
        ref={(el) => el?.focus()}
        onClick={async () => {
          setAsking(false);
          await onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
