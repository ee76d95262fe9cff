import { useState } from "preact/hooks";
import { attachmentUrl, type Article } from "../../api";
import { ChannelIcon } from "../../components/icons";
import { formatDate, t } from "../../i18n";

const addressList = (list: { name?: string; address: string }[]) => list.map((a) => a.name || a.address).join(", ");

/** One message of the conversation; internal notes are set apart in colour and label. */
export function ArticleItem({ article, isNew }: { article: Article; isNew: boolean }) {
  const [formatted, setFormatted] = useState(false);
  const images = article.attachments.filter((a) => a.contentType.startsWith("image/"));
  const kind = article.internal ? "note" : article.direction;
  return (
    <article class={`article ${kind} ${isNew ? "new" : ""}`} aria-label={article.internal ? t("ticket.internal") : `${t(`channel.${article.channel}`)}, ${t(article.direction === "in" ? "ticket.in" : "ticket.out")}`} data-article-id={article.id}>
      <header>
        <ChannelIcon channel={article.internal ? "note" : article.channel} />
        <strong>{article.from?.name || article.from?.address || "—"}</strong>
        {article.internal ? <span class="badge note-badge">{t("ticket.internal")}</span> : <span class="direction">{t(article.direction === "in" ? "ticket.in" : "ticket.out")}</span>}
        {article.to.length > 0 && <span class="muted">{t("ticket.to", { list: addressList(article.to) })}</span>}
        <time dateTime={article.createdAt}>{formatDate(article.createdAt)}</time>
      </header>
      {formatted && article.html ? (
        // Sanitised on the server, and still sandboxed: no scripts, no same-origin access.
        <iframe class="html-body" sandbox="" srcdoc={article.html} title={article.subject ?? t("ticket.showHtml")} />
      ) : (
        <div class="text-body">{article.text}</div>
      )}
      {article.html && (
        <button class="link small" onClick={() => setFormatted(!formatted)}>
          {formatted ? t("ticket.showText") : t("ticket.showHtml")}
        </button>
      )}
      {images.length > 0 && (
        <div class="inline-images">
          {images.map((a) => (
            <a key={a.id} href={attachmentUrl(a.id)} target="_blank" rel="noopener">
              <img src={attachmentUrl(a.id)} alt={a.filename} loading="lazy" />
            </a>
          ))}
        </div>
      )}
      {article.deliveries.length > 0 && (
        <p class="deliveries muted">
          {t("ticket.delivery", { status: article.deliveries.map((d) => `${d.recipient}: ${d.status}${d.error ? ` (${d.error})` : ""}`).join(", ") })}
        </p>
      )}
      {article.attachments.length > 0 && (
        <ul class="attachments" aria-label={t("ticket.attachments")}>
          {article.attachments.map((a) => (
            <li key={a.id}>
              <a href={attachmentUrl(a.id)} download={a.filename}>
                {a.filename}
              </a>{" "}
              <span class="muted">{Math.ceil(a.size / 1024)} KB</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
