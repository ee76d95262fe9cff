import { useState } from "preact/hooks";

/** A form's submit: runs `action` on its fields, keeps the button busy meanwhile and keeps what failed to show until the next try. */
export function useFormAction(action: (fields: FormData, form: HTMLFormElement) => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setBusy(true);
    setError(null);
    try {
      await action(new FormData(form), form);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { submit, busy, error };
}
