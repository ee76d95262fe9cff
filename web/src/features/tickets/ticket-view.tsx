import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { t } from "../../i18n";
import { createPresenceStore } from "../../stores/presence";
import { useSession } from "../../stores/session";
import { createTicketStore } from "../../stores/ticket";
import { useTicketList } from "../../stores/ticket-list";
import { ArticleItem } from "./article";
import { Composer } from "./composer";
import { CustomerPanel } from "./customer-panel";
import { StatusBadge } from "./list";
import { PresenceBar } from "./presence-bar";
import { Properties } from "./properties";

const DELIVERY_CHECK_MS = 4000;
const MAX_DELIVERY_CHECKS = 8;

/** One ticket: conversation, composer, properties, time and the customer's history. */
export function TicketView({ id }: { id: number }) {
  const me = useSession().me.value!;
  const list = useTicketList();
  const store = useMemo(() => createTicketStore(id), [id]);
  // Articles up to this id have been on screen; newer ones from others are "unseen".
  const [seenUpTo, setSeenUpTo] = useState<number | null>(null);
  const deliveryChecks = useRef(0);
  const presence = useMemo(
    () =>
      createPresenceStore(id, me.user.id, {
        onArticle: () => store.load(),
        onReconnect: () => store.load(),
      }),
    [id],
  );

  useEffect(() => {
    store.load().then(() => setSeenUpTo(store.detail.value?.articles.at(-1)?.id ?? 0));
    // Property changes by others (status, assignee…) come through the tenant hub.
    const off = list.onChange((m) => m.ticketId === id && m.change !== "article" && store.load());
    return () => {
      off();
      presence.close();
    };
  }, [id]);

  const ticket = store.detail.value;
  // Mail leaves through a queue: while a delivery is still queued, look again a few times.
  const queued = ticket?.articles.some((a) => a.deliveries.some((d) => d.status === "queued")) ?? false;
  useEffect(() => {
    if (!queued || deliveryChecks.current >= MAX_DELIVERY_CHECKS) return;
    const timer = setTimeout(() => {
      deliveryChecks.current++;
      store.load();
    }, DELIVERY_CHECK_MS);
    return () => clearTimeout(timer);
  }, [ticket]);

  if (store.error.value && !ticket) return <section class="ticket error">{t("common.error", { message: store.error.value })}</section>;
  if (!ticket || seenUpTo === null) return <section class="ticket loading">{t("common.loading")}</section>;

  const unseen = ticket.articles.filter((a) => a.id > seenUpTo && a.authorId !== me.user.id);
  const showUnseen = () => {
    document.querySelector(`[data-article-id="${unseen[0]?.id}"]`)?.scrollIntoView({ behavior: "smooth", block: "center" });
    setSeenUpTo(ticket.articles.at(-1)!.id);
  };

  return (
    <section class="ticket" aria-labelledby="ticket-title">
      <header class="ticket-head">
        <a class="back" href="/">
          ← <span class="sr-only">{t("ticket.back")}</span>
        </a>
        <h1 id="ticket-title">
          <span class="number">#{ticket.number}</span> {ticket.subject}
        </h1>
        <StatusBadge status={ticket.status} />
      </header>
      <PresenceBar presence={presence} />
      {ticket.mergedIntoId && <p class="warning">{t("ticket.merged", { number: ticket.mergedIntoId })}</p>}
      <div class="ticket-body">
        <div class="stream-column">
          <div class="stream">
            {ticket.articles.map((a) => (
              <ArticleItem
                key={a.id}
                article={a}
                isNew={a.id > seenUpTo && a.authorId !== me.user.id}
                onEdit={a.authorId === me.user.id && a.kind === "message" ? (text) => store.edit(a.id, text) : undefined}
              />
            ))}
          </div>
          <Composer
            key={id}
            store={store}
            presence={presence}
            customerName={store.customer.value?.name ?? ""}
            unseen={unseen.length}
            onShowUnseen={showUnseen}
            onSent={() => {
              setSeenUpTo(store.detail.value?.articles.at(-1)?.id ?? 0);
              deliveryChecks.current = 0;
            }}
          />
        </div>
        <aside class="side">
          <Properties store={store} />
          <CustomerPanel store={store} />
        </aside>
      </div>
    </section>
  );
}
