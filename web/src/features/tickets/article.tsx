import { useEffect, useState } from "preact/hooks";
import { attachmentUrl, type Article, type Attachment } from "../../api";
import { ErrorNote } from "../../components/field";
import { ChannelIcon } from "../../components/icons";
import { formatDate, t } from "../../i18n";

const addressList = (list: { name?: string; address: string }[]) => list.map((a) => a.name || a.address).join(", ");

const dataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });

/**
 * The message's HTML with the images it shows inline (`cid:` references to its attachments)
 * as data: URLs. The sandboxed frame has an origin of its own and so no session to fetch them
 * with; this page has. Only images are put in, and only those the HTML names.
 */
async function withInlineImages(html: string, files: Attachment[]): Promise<string> {
  let out = html;
  for (const file of files) {
    const cid = file.contentId && `cid:${file.contentId.replace(/^<|>$/g, "")}`;
    if (!cid || !file.contentType.startsWith("image/") || !out.includes(cid)) continue;
    const res = await fetch(attachmentUrl(file.id));
    if (res.ok) out = out.split(cid).join(await dataUrl(await res.blob()));
  }
  return out;
}

/**
 * One message of the conversation; internal notes are set apart in colour and label.
 * With `onEdit` (the agent's own messages) its text can be corrected in place.
 */
export function ArticleItem({ article, isNew, onEdit }: { article: Article; isNew: boolean; onEdit?: (text: string) => Promise<void> }) {
  const [formatted, setFormatted] = useState(false);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    if (!formatted || !article.html) return;
    let current = true;
    setHtml(null);
    const show = (value: string | null) => current && setHtml(value);
    withInlineImages(article.html, article.attachments).then(show, () => show(article.html));
    return () => void (current = false);
    // Files can arrive in a later refresh of the ticket than its text.
  }, [formatted, article.html, article.attachments.map((a) => a.id).join()]);
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
      {draft !== null ? (
        <form
          class="article-edit"
          onSubmit={(e) => {
            e.preventDefault();
            onEdit!(draft).then(() => (setDraft(null), setError(null)), setError);
          }}
        >
          <textarea rows={4} aria-label={t("ticket.edit")} value={draft} onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)} required />
          <ErrorNote error={error} />
          <button class="primary small">{t("common.save")}</button>{" "}
          <button type="button" class="small" onClick={() => setDraft(null)}>
            {t("common.cancel")}
          </button>
        </form>
      ) : formatted && article.html ? (
        html === null ? (
          <p class="loading">{t("common.loading")}</p>
        ) : (
          // Sanitised on the server, and still sandboxed: no scripts, no same-origin access. Shown once
          // its images are in: a frame whose srcdoc changes while it loads may keep the first document.
          <iframe class="html-body" sandbox="" srcdoc={html} title={article.subject ?? t("ticket.showHtml")} />
        )
      ) : (
        <div class="text-body">{article.text}</div>
      )}
      {onEdit && draft === null && (
        <button class="link small" onClick={() => setDraft(article.text)}>
          {t("ticket.edit")}
        </button>
      )}{" "}
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
