import { useState } from "preact/hooks";
import { get, post } from "../../api";
import { ErrorNote } from "../../components/field";
import { formatDate, t } from "../../i18n";
import { useLoad } from "./use-load";

interface FailedMail {
  id: number;
  reason: string;
  detail: string | null;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  subject: string | null;
  status: "failed" | "replayed";
  attempts: number;
  ticketId: number | null;
  createdAt: string;
}

interface OutboundMail {
  id: number;
  ticketId: number | null;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  recipients: { recipient: string; status: string; error?: string }[];
  createdAt: string;
}

/** Mail that did not become a ticket (kept raw, with the reason) and outgoing mail that failed; both can be retried. */
export function FailedMail() {
  const inbound = useLoad(() => get<{ data: FailedMail[] }>("/failed-mails").then((r) => r.data));
  const outbound = useLoad(() => get<{ data: OutboundMail[] }>("/outbound-mails?status=failed").then((r) => r.data));
  const [note, setNote] = useState<string | null>(null);
  return (
    <>
      <h2>{t("admin.failed")}</h2>
      <ErrorNote error={inbound.error ?? outbound.error} />
      {note && <p role="status">{note}</p>}
      <h3>{t("admin.failedIn")}</h3>
      <table class="grid">
        <thead>
          <tr>
            <th>{t("admin.received")}</th>
            <th>{t("auth.email")}</th>
            <th>{t("list.subject")}</th>
            <th>{t("admin.reason")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(inbound.data ?? []).map((m) => (
            <tr key={m.id}>
              <td>{formatDate(m.createdAt)}</td>
              <td>
                {m.envelopeFrom} → {m.envelopeTo}
              </td>
              <td>{m.subject}</td>
              <td>
                <code>{m.reason}</code> {m.detail && <div class="muted">{m.detail}</div>}
              </td>
              <td>
                <a href={`/api/v1/failed-mails/${m.id}/raw`}>{t("common.download")}</a>{" "}
                {m.status === "failed" ? (
                  <button
                    onClick={async () => {
                      try {
                        const r = await post<{ outcome: string; ticketId: number | null }>(`/failed-mails/${m.id}/replay`);
                        setNote(t("admin.replayed", { id: `#${m.id}`, outcome: r.outcome }));
                        await inbound.reload();
                      } catch (e) {
                        inbound.setError(e);
                      }
                    }}
                  >
                    {t("admin.replay")}
                  </button>
                ) : (
                  m.ticketId && <a href={`/tickets/${m.ticketId}`}>#{m.ticketId}</a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t("admin.failedOut")}</h3>
      <table class="grid">
        <thead>
          <tr>
            <th>{t("list.updated")}</th>
            <th>{t("list.subject")}</th>
            <th>{t("admin.reason")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(outbound.data ?? []).map((m) => (
            <tr key={m.id}>
              <td>{formatDate(m.createdAt)}</td>
              <td>{m.ticketId ? <a href={`/tickets/${m.ticketId}`}>{m.subject}</a> : m.subject}</td>
              <td>
                {m.lastError}
                <div class="muted">{m.recipients.map((r) => `${r.recipient}: ${r.status}`).join(", ")}</div>
              </td>
              <td>
                <button
                  onClick={() =>
                    post(`/outbound-mails/${m.id}/retry`).then(
                      () => outbound.reload(),
                      (e) => outbound.setError(e),
                    )
                  }
                >
                  {t("admin.replay")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
