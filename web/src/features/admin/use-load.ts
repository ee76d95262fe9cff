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
  /** Runs a change, then reloads (and refreshes whatever else shows the data); a failure becomes the page's error. */
  const act = async (change: () => Promise<unknown>, alsoRefresh?: () => Promise<unknown>) => {
    try {
      await change();
      await Promise.all([reload(), alsoRefresh?.()]);
    } catch (e) {
      setError(e);
    }
  };
  /** A create form's submit handler: sends its fields through `act` and clears the form once saved. */
  const submit = (send: (fields: FormData) => Promise<unknown>, alsoRefresh?: () => Promise<unknown>) => (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    return act(async () => {
      await send(new FormData(form));
      form.reset();
    }, alsoRefresh);
  };
  return { data, error, reload, setError, act, submit };
}
