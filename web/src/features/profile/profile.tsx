import { useState } from "preact/hooks";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useSession } from "../../stores/session";

/** The signed-in agent's own name, language and password; role and categories stay the admins'. */
export function Profile() {
  const session = useSession();
  const me = session.me.value!;
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Sends a form's change; the language switches as soon as the answer is adopted. */
  const save = (body: (fields: FormData) => object, done: () => string) => async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    try {
      await session.updateProfile(body(new FormData(form)));
      setError(null);
      setNotice(done());
      if (form.dataset.clear) form.reset();
    } catch (err) {
      setNotice(null);
      setError(err);
    }
  };

  return (
    <section class="profile">
      <h1>{t("profile.title")}</h1>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form class="card" onSubmit={save((f) => ({ name: f.get("name"), locale: f.get("locale") || null }), () => t("common.saved"))}>
        <Field label={t("profile.name")}>
          <input name="name" required maxLength={200} defaultValue={me.user.name} autoComplete="name" />
        </Field>
        <Field label={t("profile.language")}>
          <select name="locale" defaultValue={me.user.locale ?? ""}>
            <option value="">{t("profile.tenantLanguage")}</option>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
            <option value="fr">Français</option>
          </select>
        </Field>
        <button class="primary">{t("common.save")}</button>
      </form>
      <form
        class="card"
        data-clear="1"
        onSubmit={save((f) => ({ password: { current: f.get("current"), new: f.get("new") } }), () => t("profile.passwordChanged"))}
      >
        <h2>{t("profile.password")}</h2>
        <Field label={t("profile.currentPassword")}>
          <input name="current" type="password" required autoComplete="current-password" />
        </Field>
        <Field label={t("profile.newPassword")} hint={t("auth.passwordHint")}>
          <input name="new" type="password" required minLength={10} maxLength={200} autoComplete="new-password" />
        </Field>
        <button class="primary">{t("profile.changePassword")}</button>
      </form>
    </section>
  );
}
