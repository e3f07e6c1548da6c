/** Re-runs a loader every intervalMs while the page is visible, and at once when it becomes visible. */
import { useEffect, useState } from "preact/hooks";

export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const next = await load();
        if (!stopped) {
          setValue(next);
          setError(undefined);
        }
      } catch (err) {
        if (!stopped) setError(err);
      }
      if (!stopped && !document.hidden) timer = setTimeout(run, intervalMs);
    };
    const onVisible = () => {
      if (!document.hidden && !stopped) {
        clearTimeout(timer);
        void run();
      }
    };
    void run();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [...deps, tick]);
  return { value, error, refresh: () => setTick((t) => t + 1) };
}
