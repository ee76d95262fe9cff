import { del, patch, post } from "../../api";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useLoad } from "./use-load";

const fieldsOf = (form: HTMLFormElement) => {
  const f = new FormData(form);
  return { title: String(f.get("title") ?? ""), body: String(f.get("body") ?? "") };
};

/** The tenant's own canned texts: written here, offered to every agent in the reply composer. */
export function CannedTexts() {
  const lookups = useLookups();
  const { error, act, submit } = useLoad(lookups.load);
  return (
    <>
      <h2>{t("admin.cannedTexts")}</h2>
      <p class="muted">{t("admin.cannedIntro")}</p>
      <ErrorNote error={error} />
      {lookups.cannedTexts.value.map((c) => (
        <form
          key={`${c.id}:${c.updatedAt}`}
          class="card canned"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget as HTMLFormElement;
            act(() => patch(`/canned-texts/${c.id}`, fieldsOf(form)));
          }}
        >
          <Field label={t("admin.cannedTitle")}>
            <input name="title" required maxLength={100} defaultValue={c.title} />
          </Field>
          <Field label={t("admin.cannedBody")}>
            <textarea name="body" required maxLength={5000} rows={4} defaultValue={c.body} />
          </Field>
          <button class="primary">{t("common.save")}</button>{" "}
          <button type="button" onClick={() => act(() => del(`/canned-texts/${c.id}`))}>
            {t("common.remove")}
          </button>
        </form>
      ))}
      <form class="card" onSubmit={submit((f) => post("/canned-texts", { title: f.get("title"), body: f.get("body") }))}>
        <h3>{t("admin.newCanned")}</h3>
        <Field label={t("admin.cannedTitle")}>
          <input name="title" required maxLength={100} />
        </Field>
        <Field label={t("admin.cannedBody")}>
          <textarea name="body" required maxLength={5000} rows={4} />
        </Field>
        <button class="primary">{t("common.add")}</button>
      </form>
    </>
  );
}
