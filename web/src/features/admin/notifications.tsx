import { useState } from "preact/hooks";
import { api, get, patch } from "../../api";
import { CategoryOptions } from "../../components/category-options";
import { ErrorNote, Field } from "../../components/field";
import { LOCALES, locale, t, type MessageKey } from "../../i18n";
import { useLoad } from "./use-load";

const GROUPS = ["assignee", "last_assignee", "category_agents", "category_managers", "all_agents", "admins", "customer", "company_contacts", "subscribers"];

interface Rule {
  event: string;
  /** Goes to the person it is about alone: no recipient choices. */
  personal: boolean;
  active: boolean;
  recipients: string[];
  extraAgentIds: number[];
  extraAddresses: string[];
}
interface Template {
  event: string;
  locale: string;
  subject: string;
  body: string;
  /** The category this view is for; null: all categories. */
  categoryId: number | null;
  customized: boolean;
  categoryOverride: boolean;
}

// Sample values for the preview; placeholders without one show their own name.
const SAMPLE: Record<string, string> = {
  Subject: "Printer on fire",
  TicketNumber: "42",
  CustomerName: "Carla Customer",
  AgentName: "Anna Agent",
  Category: "Support",
  Status: "open",
};
const preview = (html: string) => html.replace(/#(\w+)#/g, (_, name: string) => `<mark>${SAMPLE[name] ?? name}</mark>`);

/** Notification rules, tenant-wide mail behaviour, and templates per language with a preview. */
export function Notifications() {
  return (
    <>
      <h2>{t("admin.notifications")}</h2>
      <Rules />
      <Behaviour />
      <Templates />
    </>
  );
}

function Rules() {
  const { data, error, reload, setError } = useLoad(() => get<{ data: Rule[] }>("/notification-rules").then((r) => r.data));
  const save = (rule: Rule, change: Partial<Rule>) =>
    api("PUT", `/notification-rules/${rule.event}`, { active: rule.active, recipients: rule.recipients, extraAgentIds: rule.extraAgentIds, extraAddresses: rule.extraAddresses, ...change }).then(reload, setError);
  return (
    <>
      <h3>{t("notify.rules")}</h3>
      <ErrorNote error={error} />
      <table class="grid">
        <thead>
          <tr>
            <th>{t("notify.event")}</th>
            <th>{t("admin.active")}</th>
            <th>{t("notify.recipients")}</th>
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((rule) => (
            <tr key={rule.event}>
              <td>{t(`event.${rule.event}` as MessageKey)}</td>
              <td>
                <input type="checkbox" aria-label={`${t("admin.active")}: ${t(`event.${rule.event}` as MessageKey)}`} checked={rule.active} onChange={(e) => save(rule, { active: (e.currentTarget as HTMLInputElement).checked })} />
              </td>
              <td class="groups">
                {rule.personal && <span class="muted">{t("notify.personal")}</span>}
                {!rule.personal && GROUPS.map((g) => (
                  <label key={g} class="check inline-check">
                    <input
                      type="checkbox"
                      checked={rule.recipients.includes(g)}
                      onChange={(e) => {
                        const on = (e.currentTarget as HTMLInputElement).checked;
                        save(rule, { recipients: on ? [...rule.recipients, g] : rule.recipients.filter((x) => x !== g) });
                      }}
                    />{" "}
                    {t(`group.${g}` as MessageKey)}
                  </label>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Behaviour() {
  const { data, error, setError, reload } = useLoad(() => get<Record<string, boolean | number>>("/notification-settings"));
  if (!data) return <ErrorNote error={error} />;
  const change = (key: string, value: boolean | number) => patch("/notification-settings", { [key]: value }).then(reload, setError);
  return (
    <>
      <h3>{t("notify.settings")}</h3>
      <div class="card">
        {Object.entries(data).map(([key, value]) =>
          typeof value === "boolean" ? (
            <label key={key} class="check">
              <input type="checkbox" checked={value} onChange={(e) => change(key, (e.currentTarget as HTMLInputElement).checked)} /> {t(`setting.${key}` as MessageKey)}
            </label>
          ) : (
            <Field key={key} label={t(`setting.${key}` as MessageKey)}>
              <input type="number" min={1} max={100} defaultValue={String(value)} onChange={(e) => change(key, Number((e.currentTarget as HTMLInputElement).value))} />
            </Field>
          ),
        )}
        <ErrorNote error={error} />
      </div>
    </>
  );
}

function Templates() {
  const [lang, setLang] = useState<string>(locale.value);
  // "" edits the template for all categories; a category id edits that category's override.
  const [category, setCategory] = useState("");
  const [editing, setEditing] = useState<Template | null>(null);
  const query = category ? `?categoryId=${category}` : "";
  const { data, error, reload, setError } = useLoad(() => get<{ data: Template[] }>(`/notification-templates/${lang}${query}`).then((r) => r.data), [lang, category]);
  const pick = (next: { lang?: string; category?: string }) => {
    if (next.lang !== undefined) setLang(next.lang);
    if (next.category !== undefined) setCategory(next.category);
    setEditing(null);
  };
  return (
    <>
      <h3>{t("notify.templates")}</h3>
      <Field label={t("notify.templateLocale")}>
        <select value={lang} onChange={(e) => pick({ lang: (e.currentTarget as HTMLSelectElement).value })}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("ticket.category")}>
        <select value={category} onChange={(e) => pick({ category: (e.currentTarget as HTMLSelectElement).value })}>
          <CategoryOptions none={t("notify.allCategories")} />
        </select>
      </Field>
      <ErrorNote error={error} />
      <ul class="templates">
        {(data ?? []).map((tpl) => (
          <li key={tpl.event}>
            <button class="link" onClick={() => setEditing(tpl)}>
              {t(`event.${tpl.event}` as MessageKey)}
            </button>{" "}
            {tpl.customized && <span class="badge">{t(tpl.categoryOverride ? "notify.categoryOverride" : "notify.customized")}</span>}
          </li>
        ))}
      </ul>
      {editing && <TemplateEditor key={`${editing.locale}-${editing.categoryId}-${editing.event}`} template={editing} onSaved={() => reload()} onError={setError} />}
    </>
  );
}

function TemplateEditor({ template, onSaved, onError }: { template: Template; onSaved: () => void; onError: (e: unknown) => void }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const path = `/notification-templates/${template.locale}/${template.event}`;
  const { categoryId } = template;
  return (
    <form
      class="card template-editor"
      onSubmit={(e) => {
        e.preventDefault();
        api("PUT", path, { subject, body, categoryId }).then(onSaved, onError);
      }}
    >
      <h4>{t(`event.${template.event}` as MessageKey)}</h4>
      <Field label={t("notify.subject")}>
        <input value={subject} onInput={(e) => setSubject((e.currentTarget as HTMLInputElement).value)} required />
      </Field>
      <Field label={t("notify.body")}>
        <textarea rows={8} value={body} onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      <h4>{t("admin.preview")}</h4>
      <p>
        <strong>{subject.replace(/#(\w+)#/g, (_, n: string) => SAMPLE[n] ?? n)}</strong>
      </p>
      <iframe class="html-body" sandbox="" title={t("admin.preview")} srcdoc={preview(body)} />
      <div class="actions">
        <button class="primary">{t("common.save")}</button>{" "}
        <button type="button" onClick={() => api("DELETE", categoryId ? `${path}?categoryId=${categoryId}` : path).then(onSaved, onError)}>
          {t(categoryId ? "notify.resetCategory" : "notify.reset")}
        </button>
      </div>
    </form>
  );
}
