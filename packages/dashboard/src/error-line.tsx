/** A failed action's message, announced to screen readers; nothing while there is none. */
export function ErrorLine({ message, wide = false }: { message: string | undefined; wide?: boolean }) {
  return message ? (
    <p class={wide ? "error wide" : "error"} role="alert">
      {message}
    </p>
  ) : null;
}
