import type { ComponentChildren } from "preact";
import { ApiError } from "../api";
import { t } from "../i18n";

/** A labelled control; the label wraps it so a click on the text focuses the control. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
      {hint && <span class="field-hint">{hint}</span>}
    </label>
  );
}

/** Shows an API failure, with the field issues the server named. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div class="error" role="alert">
      {t("common.error", { message: (error as Error).message })}
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={i.path}>
              {i.path}: {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
