import { useState } from "preact/hooks";

/** A sign-in page's submit: runs `action` on the form's fields, keeps the button busy meanwhile and keeps what failed to show. */
export function useFormAction(action: (fields: FormData) => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const fields = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      await action(fields);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { submit, busy, error };
}
