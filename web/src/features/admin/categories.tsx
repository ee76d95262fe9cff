import { post, patch } from "../../api";
import { ErrorNote, Field } from "../../components/field";
import { LOCALES, t } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useLoad } from "./use-load";

const namesFrom = (form: HTMLFormElement) => {
  const f = new FormData(form);
  return Object.fromEntries(LOCALES.map((l) => [l, String(f.get(l) ?? "").trim()]).filter(([, v]) => v));
};

/** Categories with a name per language; each agent sees them in their own language. */
export function Categories() {
  const lookups = useLookups();
  const { error, setError } = useLoad(lookups.load);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await lookups.load();
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <h2>{t("admin.categories")}</h2>
      <ErrorNote error={error} />
      {lookups.categories.value.map((c) => (
        <form
          key={c.id}
          class={`card category ${c.active ? "" : "inactive"}`}
          data-category-id={c.id}
          onSubmit={(e) => {
            e.preventDefault();
            act(() => patch(`/categories/${c.id}`, { names: namesFrom(e.currentTarget as HTMLFormElement) }));
          }}
        >
          <div class="names">
            {LOCALES.map((l) => (
              <Field key={l} label={t("admin.namesIn", { locale: l })}>
                <input name={l} defaultValue={c.names[l] ?? ""} lang={l} />
              </Field>
            ))}
          </div>
          <p class="muted">
            {t("admin.categoryAddress")}: <code>{c.inboundAddress}</code>
          </p>
          <label class="check">
            <input type="checkbox" checked={c.active} onChange={(e) => act(() => patch(`/categories/${c.id}`, { active: (e.currentTarget as HTMLInputElement).checked }))} /> {t("admin.active")}
          </label>
          <button class="primary">{t("common.save")}</button>
        </form>
      ))}
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget as HTMLFormElement;
          act(async () => {
            await post("/categories", { names: namesFrom(form) });
            form.reset();
          });
        }}
      >
        <h3>{t("admin.newCategory")}</h3>
        <div class="names">
          {LOCALES.map((l) => (
            <Field key={l} label={t("admin.namesIn", { locale: l })}>
              <input name={l} lang={l} required={l === "en"} />
            </Field>
          ))}
        </div>
        <button class="primary">{t("common.add")}</button>
      </form>
    </>
  );
}
