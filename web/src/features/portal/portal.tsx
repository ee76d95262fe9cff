import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { get, post, uploadFile, attachmentUrl, type Page, type Ticket, type TicketDetail, type Attachment } from "../../api";
import { ErrorNote, Field } from "../../components/field";
import { formatDate, locale, setLocale, t } from "../../i18n";
import { useSession } from "../../stores/session";

/** The customer portal: sign in by mailed link, see and answer one's own requests. */
export function Portal() {
  const session = useSession();
  const { path } = useRoute();
  const me = session.me.value;
  const parts = path.split("/").filter(Boolean);
  let page;
  if (parts[1] === "login") page = <RedeemLink />;
  else if (me === undefined) page = <p>{t("common.loading")}</p>;
  else if (!me || me.user.role !== "customer") page = <RequestLink />;
  else if (parts[1] === "tickets" && parts[2]) page = <PortalTicket key={parts[2]} id={Number(parts[2])} />;
  else page = <PortalHome />;
  return (
    <div class="portal">
      <header class="topbar">
        <a class="brand" href="/portal">
          {me?.tenant.name ?? t("portal.title")}
        </a>
        <label class="lang">
          <span class="sr-only">Language</span>
          <select aria-label="Language" value={locale.value} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value)}>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
            <option value="fr">Français</option>
          </select>
        </label>
        {me?.user.role === "customer" && (
          <button class="link" onClick={() => session.logout()}>
            {t("nav.logout")}
          </button>
        )}
      </header>
      <main id="main" class="portal-main">
        {page}
      </main>
    </div>
  );
}

function RequestLink() {
  const { query } = useLocation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget as HTMLFormElement);
        try {
          await post("/portal/magic-link", { tenant: f.get("tenant"), email: f.get("email"), locale: locale.value });
          setSent(true);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h1>{t("portal.signinTitle")}</h1>
      <p>{t("portal.signinHelp")}</p>
      {query.tenant ? <input type="hidden" name="tenant" value={query.tenant} /> : (
        <Field label={t("auth.tenant")}>
          <input name="tenant" required />
        </Field>
      )}
      <Field label={t("auth.email")}>
        <input name="email" type="email" required autoComplete="email" />
      </Field>
      <ErrorNote error={error} />
      {sent ? <p role="status">{t("portal.linkSent")}</p> : <button class="primary">{t("portal.sendLink")}</button>}
    </form>
  );
}

function RedeemLink() {
  const { query, route } = useLocation();
  const session = useSession();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    // Spent by POST from the page, so mail scanners that prefetch the link do not use it up.
    post("/portal/login", { token: query.token ?? "" })
      .then(() => session.load())
      .then(() => route("/portal", true))
      .catch(() => setFailed(true));
  }, []);
  if (!failed) return <p role="status">{t("portal.signingIn")}</p>;
  return (
    <>
      <p class="error" role="alert">
        {t("portal.linkInvalid")}
      </p>
      <RequestLink />
    </>
  );
}

function PortalHome() {
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const { route } = useLocation();
  useEffect(() => void get<Page<Ticket>>("/tickets?limit=100").then((p) => setTickets(p.data)), []);
  return (
    <>
      <h1>{t("portal.title")}</h1>
      {tickets?.length === 0 && <p>{t("portal.none")}</p>}
      <ul class="portal-tickets">
        {(tickets ?? []).map((x) => (
          <li key={x.id}>
            <a href={`/portal/tickets/${x.id}`}>
              #{x.number} {x.subject}
            </a>{" "}
            <span class={`badge status-${x.status}`}>{t(`status.${x.status}`)}</span> <time dateTime={x.updatedAt}>{formatDate(x.updatedAt)}</time>
          </li>
        ))}
      </ul>
      <MessageForm
        title={t("portal.new")}
        withSubject
        submit={async (text, files, subject) => {
          const created = await post<Ticket>("/tickets", { subject, text, attachmentIds: files });
          route(`/portal/tickets/${created.id}`);
        }}
      />
    </>
  );
}

function PortalTicket({ id }: { id: number }) {
  const me = useSession().me.value!;
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useMemo(() => () => get<TicketDetail>(`/tickets/${id}`).then(setTicket, setError), [id]);
  useEffect(() => void load(), [id]);
  if (!ticket) return <ErrorNote error={error} />;
  return (
    <>
      <p>
        <a href="/portal">← {t("portal.back")}</a>
      </p>
      <h1>
        #{ticket.number} {ticket.subject} <span class={`badge status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>
      </h1>
      {(ticket.status === "resolved" || ticket.status === "closed") && <Resolution ticketId={id} resolved={ticket.status === "resolved"} />}
      <div class="stream">
        {ticket.articles.map((a) => (
          <article key={a.id} class={`article ${a.authorId === me.user.id || a.direction === "in" ? "in" : "out"}`}>
            <header>
              <strong>{a.authorId === me.user.id ? t("portal.you") : a.direction === "out" ? (a.from?.name ?? t("portal.support")) : (a.from?.name ?? "")}</strong>
              <time dateTime={a.createdAt}>{formatDate(a.createdAt)}</time>
            </header>
            <div class="text-body">{a.text}</div>
            {a.attachments.length > 0 && (
              <ul class="attachments" aria-label={t("ticket.attachments")}>
                {a.attachments.map((f) => (
                  <li key={f.id}>
                    <a href={attachmentUrl(f.id)} download={f.filename}>
                      {f.filename}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </article>
        ))}
      </div>
      <MessageForm
        title={t("portal.reply")}
        submit={async (text, files) => {
          await post(`/tickets/${id}/articles`, { text, attachmentIds: files });
          await load();
        }}
      />
    </>
  );
}

type ActionLinks = Record<"accept" | "reject" | "rate_good" | "rate_okay" | "rate_bad", string | null>;

/** Accept or reject a resolution and rate the help, through the same signed links as in mail. */
function Resolution({ ticketId, resolved }: { ticketId: number; resolved: boolean }) {
  const [links, setLinks] = useState<ActionLinks | null>(null);
  useEffect(() => void get<ActionLinks>(`/tickets/${ticketId}/customer-actions`).then(setLinks, () => setLinks(null)), [ticketId]);
  if (!links) return null;
  // Plain form posts: the link page confirms what happened, and "back" returns here.
  const action = (href: string | null, label: string, primary = false) =>
    href && (
      <form method="post" action={href} class="inline">
        <button class={primary ? "primary" : ""}>{label}</button>
      </form>
    );
  return (
    <section class="card resolution" aria-label={t("portal.rate")}>
      {resolved && (
        <>
          <p>{t("portal.resolvedAsk")}</p>
          <div class="actions">
            {action(links.accept, t("portal.accept"), true)}
            {action(links.reject, t("portal.reject"))}
          </div>
        </>
      )}
      {(links.rate_good || links.rate_okay || links.rate_bad) && (
        <>
          <p>{t("portal.rate")}</p>
          <div class="actions">
            {action(links.rate_good, `😊 ${t("portal.rateGood")}`)}
            {action(links.rate_okay, `😐 ${t("portal.rateOkay")}`)}
            {action(links.rate_bad, `🙁 ${t("portal.rateBad")}`)}
          </div>
        </>
      )}
    </section>
  );
}

function MessageForm({ title, withSubject, submit }: { title: string; withSubject?: boolean; submit: (text: string, files: number[], subject?: string) => Promise<void> }) {
  const [files, setFiles] = useState<Attachment[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget as HTMLFormElement;
        const f = new FormData(form);
        setBusy(true);
        try {
          await submit(String(f.get("text")), files.map((x) => x.id), String(f.get("subject") ?? ""));
          form.reset();
          setFiles([]);
          setError(null);
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2>{title}</h2>
      {withSubject && (
        <Field label={t("portal.subject")}>
          <input name="subject" required maxLength={500} />
        </Field>
      )}
      <Field label={t("portal.message")}>
        <textarea name="text" rows={5} required />
      </Field>
      <Field label={t("portal.files")}>
        <input
          type="file"
          multiple
          onChange={async (e) => {
            const input = e.currentTarget as HTMLInputElement;
            try {
              setFiles([...files, ...(await Promise.all([...(input.files ?? [])].map(uploadFile)))]);
            } catch (err) {
              setError(err);
            }
          }}
        />
      </Field>
      {files.length > 0 && <p class="muted">{files.map((x) => x.filename).join(", ")}</p>}
      <ErrorNote error={error} />
      <button class="primary" disabled={busy}>
        {withSubject ? t("portal.submit") : t("portal.sendReply")}
      </button>
    </form>
  );
}
