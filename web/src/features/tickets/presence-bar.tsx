import { t } from "../../i18n";
import type { PresenceStore } from "../../stores/presence";

/** "Anna is viewing", "Ben is replying": who else has this ticket open. */
export function PresenceBar({ presence }: { presence: PresenceStore }) {
  const others = presence.others.value;
  return (
    <div class="presence" role="status" aria-live="polite">
      {others.length === 0 ? (
        <span class="muted">{t("presence.alone")}</span>
      ) : (
        others.map((p) => (
          <span key={p.userId} class={`peer ${p.replying ? "replying" : ""}`}>
            <span class="avatar" aria-hidden="true">
              {p.name.slice(0, 1).toUpperCase()}
            </span>
            {t(p.replying ? "presence.replying" : "presence.viewing", { name: p.name })}
          </span>
        ))
      )}
    </div>
  );
}
