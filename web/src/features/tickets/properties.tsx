import { useState } from "preact/hooks";
import { PRIORITIES, STATUSES } from "../../api";
import { CategoryOptions } from "../../components/category-options";
import { ErrorNote, Field } from "../../components/field";
import { formatDate, formatMinutes, t } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import type { TicketStore } from "../../stores/ticket";

/** Every property saves as soon as it changes: no separate edit mode. */
export function Properties({ store }: { store: TicketStore }) {
  const lookups = useLookups();
  const ticket = store.detail.value!;
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async (change: Record<string, unknown>) => {
    setError(null);
    try {
      await store.update(change);
      setSaved(true);
      setTimeout(() => setSaved(false), 1500);
    } catch (e) {
      setError(e);
    }
  };
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const agents = lookups.agents.value;
  // Customers' contacts (from CC) subscribe too; they are kept when agents are toggled.
  const others = ticket.subscriberIds.filter((id) => !agents.some((u) => u.id === id)).length;
  return (
    <section class="panel properties" aria-labelledby="props-title">
      <h2 id="props-title">
        {t("ticket.properties")} {saved && <span class="saved" role="status">✓ {t("common.saved")}</span>}
      </h2>
      <Field label={t("ticket.status")}>
        <select value={ticket.status} onChange={(e) => save({ status: value(e) })}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("ticket.priority")}>
        <select value={ticket.priority} onChange={(e) => save({ priority: value(e) })}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("ticket.category")}>
        <select value={String(ticket.categoryId ?? "")} onChange={(e) => save({ categoryId: value(e) ? Number(value(e)) : null })}>
          <CategoryOptions none={t("common.none")} />
        </select>
      </Field>
      <Field label={t("ticket.assignee")}>
        <select value={String(ticket.assigneeId ?? "")} onChange={(e) => save({ assigneeId: value(e) ? Number(value(e)) : null })}>
          <option value="">{t("list.unassigned")}</option>
          {agents.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("ticket.tags")} hint={t("ticket.tagsHint")}>
        <input
          key={ticket.tags.join(",")}
          defaultValue={ticket.tags.join(", ")}
          onChange={(e) =>
            save({
              tags: value(e)
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
        />
      </Field>
      <Field label={t("ticket.due")}>
        <input
          type="datetime-local"
          value={ticket.dueAt ? toLocalInput(ticket.dueAt) : ""}
          onChange={(e) => save({ dueAt: value(e) ? new Date(value(e)).toISOString() : null })}
        />
      </Field>
      <fieldset class="subscribers">
        <legend>{t("ticket.subscribers")}</legend>
        {others > 0 && <p class="muted">{t("ticket.otherSubscribers", { n: others })}</p>}
        {agents.map((u) => (
          <label key={u.id} class="check">
            <input
              type="checkbox"
              checked={ticket.subscriberIds.includes(u.id)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                save({ subscriberIds: on ? [...ticket.subscriberIds, u.id] : ticket.subscriberIds.filter((x) => x !== u.id) });
              }}
            />{" "}
            {u.name}
          </label>
        ))}
      </fieldset>
      <ErrorNote error={error} />
      <TimeTracking store={store} />
    </section>
  );
}

const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function TimeTracking({ store }: { store: TicketStore }) {
  const lookups = useLookups();
  const { data, totalMinutes } = store.time.value;
  const [error, setError] = useState<unknown>(null);
  return (
    <div class="time">
      <h3>
        {t("ticket.timeSpent")}: <span class="total">{formatMinutes(totalMinutes)}</span>
      </h3>
      <ul class="time-entries">
        {data.map((e) => (
          <li key={e.id}>
            {formatMinutes(e.minutes)} · {lookups.userName(e.userId)} · <time dateTime={e.createdAt}>{formatDate(e.createdAt)}</time>
            {e.note && <div class="muted">{e.note}</div>}
          </li>
        ))}
      </ul>
      <form
        class="time-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget as HTMLFormElement;
          const fields = new FormData(form);
          try {
            await store.addTime(Number(fields.get("minutes")), String(fields.get("note") ?? ""));
            form.reset();
            setError(null);
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field label={t("ticket.minutes")}>
          <input name="minutes" type="number" min={1} max={1440} required inputMode="numeric" />
        </Field>
        <Field label={t("ticket.timeNote")}>
          <input name="note" maxLength={1000} />
        </Field>
        <button>{t("ticket.addTime")}</button>
        <ErrorNote error={error} />
      </form>
    </div>
  );
}
