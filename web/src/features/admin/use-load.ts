import { useEffect, useState } from "preact/hooks";

/** Loads on mount and whenever `deps` change; `reload` refetches after a change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () =>
    load().then(
      (d) => (setData(d), setError(null)),
      (e) => setError(e),
    );
  useEffect(() => void reload(), deps);
  return { data, error, reload, setError };
}
