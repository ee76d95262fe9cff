import { useEffect, useState } from "preact/hooks";

/** Loads once on mount; `reload` refetches after a change. */
export function useLoad<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () =>
    load().then(
      (d) => (setData(d), setError(null)),
      (e) => setError(e),
    );
  useEffect(() => void reload(), []);
  return { data, error, reload, setError };
}
