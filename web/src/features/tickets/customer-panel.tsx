import { formatDate, t } from "../../i18n";
import { useSession } from "../../stores/session";
import type { TicketStore } from "../../stores/ticket";
import { StatusBadge } from "./list";

/** The customer's contact data and earlier tickets (theirs and their company's). */
export function CustomerPanel({ store }: { store: TicketStore }) {
  const customer = store.customer.value;
  const history = store.history.value;
  const isAdmin = useSession().isAdmin.value;
  return (
    <section class="panel customer" aria-labelledby="customer-title">
      <h2 id="customer-title">{t("customer.title")}</h2>
      {!customer ? (
        <p class="muted">{t("customer.none")}</p>
      ) : (
        <>
          <p class="customer-name">{customer.name}</p>
          <ul class="contact">
            {customer.emails.map((e) => (
              <li key={e}>
                <a href={`mailto:${e}`}>{e}</a>
              </li>
            ))}
            {customer.phones.map((p) => (
              <li key={p}>
                <a href={`tel:${p}`}>{p}</a>
              </li>
            ))}
            {customer.xHandle && <li>@{customer.xHandle.replace(/^@/, "")}</li>}
            {customer.company && (
              <li>
                {t("customer.company")}: {customer.company}
                {isAdmin && (
                  <label class="check">
                    <input type="checkbox" checked={customer.companyContact} onChange={(e) => store.setCompanyContact((e.currentTarget as HTMLInputElement).checked)} />{" "}
                    {t("customer.companyContact")}
                  </label>
                )}
              </li>
            )}
          </ul>
          <h3>{t("customer.history")}</h3>
          {history.length === 0 ? (
            <p class="muted">{t("customer.noHistory")}</p>
          ) : (
            <ul class="history">
              {history.map((h) => (
                <li key={h.id}>
                  <a href={`/tickets/${h.id}`}>
                    #{h.number} {h.subject}
                  </a>{" "}
                  <StatusBadge status={h.status} /> <time dateTime={h.createdAt}>{formatDate(h.createdAt)}</time>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
