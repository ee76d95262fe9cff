import { t, type MessageKey } from "../../i18n";
import { STATUSES } from "../../api";
import { useLookups } from "../../stores/lookups";
import { useSession } from "../../stores/session";
import { builtInViews, useTicketList } from "../../stores/ticket-list";

/** Built-in views, views by status and category, and the agent's saved views. */
export function ViewsNav() {
  const list = useTicketList();
  const lookups = useLookups();
  const me = useSession().me.value!;
  const active = list.viewId.value;
  const item = (id: string, label: string, apply: () => void) => (
    <li key={id}>
      <button class="view" aria-current={active === id ? "true" : undefined} onClick={apply}>
        {label}
      </button>
    </li>
  );
  return (
    <nav class="views" aria-label={t("views.title")}>
      <h2 class="sr-only">{t("views.title")}</h2>
      <ul>{builtInViews(me.user.id).map((v) => item(v.id, t(v.label as MessageKey), () => list.applyView(v)))}</ul>
      <h3>{t("views.byStatus")}</h3>
      <ul>{STATUSES.map((s) => item(`status-${s}`, t(`status.${s}`), () => list.setFilters({ status: s, assigneeId: undefined, categoryId: undefined }, `status-${s}`)))}</ul>
      <h3>{t("views.byCategory")}</h3>
      <ul>
        {lookups.categories.value
          .filter((c) => c.active)
          .map((c) => item(`category-${c.id}`, c.name, () => list.setFilters({ categoryId: c.id, status: "new,open,pending", assigneeId: undefined }, `category-${c.id}`)))}
      </ul>
      <h3>{t("views.saved")}</h3>
      <ul>
        {list.saved.value.map((v) => (
          <li key={v.id} class="saved-view">
            <button class="view" aria-current={active === v.id ? "true" : undefined} onClick={() => list.applyView(v)}>
              {v.label}
            </button>
            <button class="icon-button" aria-label={t("views.delete", { name: v.label })} onClick={() => list.deleteView(v.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <button
        class="link"
        onClick={() => {
          const name = prompt(t("views.namePrompt"));
          if (name?.trim()) list.saveView(name.trim());
        }}
      >
        {t("views.saveCurrent")}
      </button>
    </nav>
  );
}
