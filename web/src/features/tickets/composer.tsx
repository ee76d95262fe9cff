import { useEffect, useRef, useState } from "preact/hooks";
import { uploadFile, type Attachment, type Channel } from "../../api";
import { ErrorNote } from "../../components/field";
import { interpolate, t, type MessageKey } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useSession } from "../../stores/session";
import type { PresenceStore } from "../../stores/presence";
import type { TicketStore } from "../../stores/ticket";
import { composerRequest } from "../../stores/composer-request";

const CANNED: MessageKey[] = ["canned.greeting", "canned.moreInfo", "canned.resolved", "canned.signoff"];

/**
 * Reply or internal note. Warns when a message arrived while the agent was writing, and
 * when another agent is writing a reply to the same ticket at the same time.
 */
export function Composer(props: { store: TicketStore; presence: PresenceStore; customerName: string; unseen: number; onShowUnseen: () => void; onSent: () => void }) {
  const { store, presence, customerName, unseen, onShowUnseen } = props;
  const me = useSession().me.value!;
  const ownCanned = useLookups().cannedTexts.value;
  const ticket = store.detail.value!;
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<Attachment[]>([]);
  const [channel, setChannel] = useState<Channel>(ticket.channel);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // How many unseen messages the agent chose to ignore; a further one warns again.
  const [ignored, setIgnored] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  // The text as typed, also while a send is awaited (state in that closure is stale).
  const latest = useRef("");
  const channels = [...new Set(ticket.articles.filter((a) => !a.internal).map((a) => a.channel))];
  const replyingOthers = presence.othersReplying.value;
  const warnNew = unseen > ignored;

  useEffect(() => {
    const request = composerRequest.value;
    if (!request) return;
    setInternal(request.internal);
    box.current?.focus();
  }, [composerRequest.value]);

  // Leaving the ticket with a draft must not leave "is replying" behind for others.
  useEffect(() => () => presence.idle(), []);

  function edit(value: string) {
    latest.current = value;
    setText(value);
    if (value.trim()) presence.typing();
    else presence.idle();
  }

  async function send(e: Event) {
    e.preventDefault();
    if (warnNew) return;
    setBusy(true);
    setError(null);
    const sent = text;
    try {
      await store.send({ text, internal, channel: internal ? undefined : channel, attachmentIds: files.map((f) => f.id) });
      // Keep whatever was typed while the message was on its way.
      const now = latest.current;
      edit(now.startsWith(sent) ? now.slice(sent.length) : now);
      setFiles([]);
      setIgnored(0);
      props.onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function attach(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    try {
      const uploaded = await Promise.all([...(input.files ?? [])].map(uploadFile));
      setFiles([...files, ...uploaded]);
    } catch (err) {
      setError(err);
    }
    input.value = "";
  }

  return (
    <form class={`composer ${internal ? "note-mode" : ""}`} onSubmit={send} aria-label={internal ? t("composer.note") : t("composer.reply")}>
      <div class="composer-head">
        <div class="mode" role="radiogroup" aria-label={t("composer.mode")}>
          <label>
            <input type="radio" name="mode" checked={!internal} onChange={() => setInternal(false)} /> {t("composer.reply")}
          </label>
          <label>
            <input type="radio" name="mode" checked={internal} onChange={() => setInternal(true)} /> {t("composer.note")}
          </label>
        </div>
        {!internal && channels.length > 1 && (
          <label>
            {t("composer.channel")}{" "}
            <select value={channel} onChange={(e) => setChannel((e.currentTarget as HTMLSelectElement).value as Channel)}>
              {channels.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <select
          aria-label={t("composer.canned")}
          value=""
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value;
            const vars = { name: customerName, agent: me.user.name };
            const own = ownCanned.find((c) => `own:${c.id}` === value);
            // The tenant's texts fill in {name} and {agent} like the built-in ones.
            edit(text + (own ? interpolate(own.body, vars) : t(value as MessageKey, vars)));
            box.current?.focus();
          }}
        >
          <option value="">{t("composer.canned")}</option>
          {CANNED.map((key) => (
            <option key={key} value={key}>
              {t(`${key}Label` as MessageKey)}
            </option>
          ))}
          {ownCanned.length > 0 && (
            <optgroup label={t("composer.ownCanned")}>
              {ownCanned.map((c) => (
                <option key={c.id} value={`own:${c.id}`}>
                  {c.title}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      {replyingOthers.length > 0 && (
        <p class="warning collision" role="status">
          {t("composer.collision", { names: replyingOthers.map((p) => p.name).join(", ") })}
        </p>
      )}
      {warnNew && text.trim() !== "" && (
        <div class="warning new-article" role="alert">
          {t("composer.newArticle")}{" "}
          <button type="button" onClick={onShowUnseen}>
            {t("composer.showNew")}
          </button>{" "}
          <button type="button" onClick={() => setIgnored(unseen)}>
            {t("composer.sendAnyway")}
          </button>
        </div>
      )}
      <label class="sr-only" for="composer-text">
        {internal ? t("composer.note") : t("composer.reply")}
      </label>
      <textarea id="composer-text" ref={box} rows={5} value={text} placeholder={internal ? t("composer.placeholderNote") : t("composer.placeholderReply")} onInput={(e) => edit((e.currentTarget as HTMLTextAreaElement).value)} />
      {files.length > 0 && (
        <ul class="attachments">
          {files.map((f) => (
            <li key={f.id}>
              {f.filename}{" "}
              <button type="button" class="link" onClick={() => setFiles(files.filter((x) => x.id !== f.id))}>
                {t("common.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
      <div class="composer-actions">
        <label class="button">
          {t("composer.attach")}
          <input type="file" multiple class="sr-only" onChange={attach} />
        </label>
        <button class="primary" disabled={busy || (!text.trim() && files.length === 0) || (warnNew && text.trim() !== "")}>
          {internal ? t("composer.sendNote") : t("composer.send")}
        </button>
      </div>
    </form>
  );
}
