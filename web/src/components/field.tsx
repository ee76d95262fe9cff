import { cloneElement, type VNode } from "preact";
import { useId } from "preact/hooks";
import { ApiError } from "../api";
import { t } from "../i18n";

/**
 * A labelled control. The label points at the control by id (instead of wrapping it), so
 * the control's accessible name is exactly the label, not the label plus the selected option.
 */
export function Field({ label, hint, children }: { label: string; hint?: string; children: VNode<any> }) {
  const id = useId();
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {cloneElement(children, { id, "aria-describedby": hint ? `${id}-hint` : undefined })}
      {hint && (
        <span class="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
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
