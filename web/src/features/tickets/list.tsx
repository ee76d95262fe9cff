import { useEffect, useRef, useState } from "preact/hooks";
import { STATUSES, type Status } from "../../api";
import { ChannelIcon } from "../../components/icons";
import { formatDate, t, type MessageKey } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useTicketList } from "../../stores/ticket-list";
import { BulkBar } from "./bulk-bar";

const SORTS = ["-updatedAt", "updatedAt", "-createdAt", "createdAt", "-number", "number"];

function FilterBar() {
  const list = useTicketList();
  const lookups = useLookups();
  const f = list.filters.value;
  const [q, setQ] = useState(f.q ?? "");
  useEffect(() => setQ(f.q ?? ""), [f.q]);
  const select = (label: string, value: string, options: [string, string][], apply: (v: string) => void) => (
    <label class="filter">
      <select aria-label={label} value={value} onChange={(e) => apply((e.currentTarget as HTMLSelectElement).value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="filters" role="search">
      <form
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          list.setFilters({ q: q.trim() || undefined });
        }}
      >
        <input id="ticket-search" type="search" aria-label={t("list.search")} placeholder={`${t("list.search")} (/)`} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </form>
      {select(t("list.filterBy", { what: t("list.filterStatus") }), f.status ?? "", [["", `${t("list.filterStatus")}: ${t("list.any")}`], ["new,open,pending", `${t("status.new")}/${t("status.open")}/${t("status.pending")}`], ...STATUSES.map((s): [string, string] => [s, t(`status.${s}`)])], (v) => list.setFilters({ status: v || undefined }))}
      {select(t("list.filterBy", { what: t("list.filterAssignee") }), String(f.assigneeId ?? ""), [["", `${t("list.filterAssignee")}: ${t("list.any")}`], ["none", t("list.unassigned")], ...lookups.agents.value.map((u): [string, string] => [String(u.id), u.name])], (v) => list.setFilters({ assigneeId: v === "" ? undefined : v === "none" ? "none" : Number(v) }))}
      {select(t("list.filterBy", { what: t("list.filterCategory") }), String(f.categoryId ?? ""), [["", `${t("list.filterCategory")}: ${t("list.any")}`], ...lookups.categories.value.map((c): [string, string] => [String(c.id), c.name])], (v) => list.setFilters({ categoryId: v ? Number(v) : undefined }))}
      <input class="tag-filter" aria-label={t("list.filterBy", { what: t("list.filterTag") })} placeholder={t("list.filterTag")} value={f.tag ?? ""} onChange={(e) => list.setFilters({ tag: (e.currentTarget as HTMLInputElement).value.trim() || undefined })} />
      {select(t("list.sort"), f.sort, SORTS.map((s) => [s, t(`list.sort.${s}` as MessageKey)]), (v) => list.setFilters({ sort: v }))}
    </div>
  );
}

export const StatusBadge = ({ status }: { status: Status }) => <span class={`badge status-${status}`}>{t(`status.${status}`)}</span>;

/** The ticket list with its filters; `j`/`k` move the highlighted row (handled by the dashboard). */
export function TicketList({ openId }: { openId: number | null }) {
  const list = useTicketList();
  const lookups = useLookups();
  const tickets = list.tickets.value;
  const cursorRow = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const row = cursorRow.current;
    row?.scrollIntoView({ block: "nearest" });
    // j/k move keyboard focus too, so screen readers follow and Enter opens the focused ticket.
    const focusInList = !document.activeElement || document.activeElement === document.body || row?.parentElement?.contains(document.activeElement);
    if (row && focusInList) row.querySelector("a")?.focus({ preventScroll: true });
  }, [list.cursor.value]);
  return (
    <section class="list" aria-label={t("nav.tickets")}>
      <FilterBar />
      {list.checked.value.size > 0 && <BulkBar />}
      <div class="list-head">
        <label>
          <input type="checkbox" checked={tickets.length > 0 && list.checked.value.size === tickets.length} onChange={list.toggleAll} /> <span class="sr-only">{t("list.selectAll")}</span>
        </label>
        <span aria-live="polite">{list.loading.value && tickets.length === 0 ? t("common.loading") : t("list.count", { n: tickets.length + (list.nextCursor.value ? "+" : "") })}</span>
        <span role="status" class="notice">{list.notice.value}</span>
      </div>
      {list.error.value && <p class="error">{t("common.error", { message: list.error.value })}</p>}
      {tickets.length === 0 && !list.loading.value && <p class="empty">{t("list.empty")}</p>}
      <ul class="tickets" aria-label={t("nav.tickets")}>
        {tickets.map((ticket, i) => {
          const atCursor = i === list.cursor.value;
          return (
            <li
              key={ticket.id}
              ref={atCursor ? cursorRow : undefined}
              class={`ticket-row ${atCursor ? "cursor" : ""} ${ticket.id === openId ? "open" : ""} ${list.flash.value.has(ticket.id) ? "flash" : ""}`}
              data-ticket-id={ticket.id}
            >
              <input type="checkbox" aria-label={t("list.select", { number: ticket.number })} checked={list.checked.value.has(ticket.id)} onChange={() => list.toggle(ticket.id)} />
              <a href={`/tickets/${ticket.id}`} aria-current={ticket.id === openId ? "page" : undefined} onFocus={() => (list.cursor.value = i)}>
                <span class="row-top">
                  <ChannelIcon channel={ticket.channel} />
                  <span class="number">#{ticket.number}</span>
                  <span class="subject">{ticket.subject}</span>
                </span>
                <span class="row-meta">
                  <StatusBadge status={ticket.status} />
                  {ticket.priority !== "normal" && <span class={`badge priority-${ticket.priority}`}>{t(`priority.${ticket.priority}`)}</span>}
                  {ticket.categoryId && <span>{lookups.categoryName(ticket.categoryId)}</span>}
                  <span>{ticket.assigneeId ? lookups.userName(ticket.assigneeId) : t("list.unassigned")}</span>
                  <time dateTime={ticket.updatedAt}>{formatDate(ticket.updatedAt)}</time>
                  {ticket.tags.map((tag) => (
                    <span key={tag} class="tag">
                      #{tag}
                    </span>
                  ))}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      {list.nextCursor.value && (
        <button class="more" onClick={list.loadMore}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}
