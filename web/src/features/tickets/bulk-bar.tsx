import { STATUSES } from "../../api";
import { t } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useTicketList } from "../../stores/ticket-list";

/** Actions on every checked ticket: assign, status, category, tag, merge. */
export function BulkBar() {
  const list = useTicketList();
  const lookups = useLookups();
  const run = async (action: () => Promise<number>) => {
    try {
      list.notice.value = t("bulk.done", { n: await action() });
    } catch (e) {
      list.notice.value = t("common.error", { message: (e as Error).message });
    }
  };
  const menu = (label: string, options: [string, string][], apply: (v: string) => Promise<number>) => (
    <select aria-label={label} value="" onChange={(e) => run(() => apply((e.currentTarget as HTMLSelectElement).value))}>
      <option value="">{label}</option>
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  );
  return (
    <div class="bulk" role="toolbar" aria-label={t("bulk.selected", { n: list.checked.value.size })}>
      <strong>{t("bulk.selected", { n: list.checked.value.size })}</strong>
      {menu(t("bulk.assign"), [["none", t("list.unassigned")], ...lookups.agents.value.map((u): [string, string] => [String(u.id), u.name])], (v) =>
        list.bulkPatch({ assigneeId: v === "none" ? null : Number(v) }),
      )}
      {menu(t("bulk.status"), STATUSES.map((s): [string, string] => [s, t(`status.${s}`)]), (v) => list.bulkPatch({ status: v as (typeof STATUSES)[number] }))}
      {menu(t("bulk.category"), lookups.categories.value.map((c): [string, string] => [String(c.id), c.name]), (v) => list.bulkPatch({ categoryId: Number(v) }))}
      <button
        onClick={() => {
          const tag = prompt(t("bulk.tagPrompt"))?.trim();
          if (tag) run(() => list.bulkTag(tag));
        }}
      >
        {t("bulk.tag")}
      </button>
      <button
        onClick={() => {
          const number = Number(prompt(t("bulk.mergePrompt")));
          const target = list.tickets.value.find((x) => x.number === number);
          if (target) run(() => list.bulkMerge(target.id));
        }}
      >
        {t("bulk.merge")}
      </button>
      <button class="link" onClick={() => (list.checked.value = new Set())}>
        {t("bulk.clear")}
      </button>
    </div>
  );
}
