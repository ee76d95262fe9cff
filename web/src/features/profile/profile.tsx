import { useState } from "preact/hooks";
import { ErrorNote, Field } from "../../components/field";
import { useFormAction } from "../../components/use-form-action";
import { t } from "../../i18n";
import { useSession } from "../../stores/session";

/** The signed-in agent's own name, language and password; role and categories stay the admins'. */
export function Profile() {
  const session = useSession();
  const me = session.me.value!;
  const [notice, setNotice] = useState<string | null>(null);
  // The language switches as soon as the answer becomes the session.
  const details = useFormAction(async (f) => {
    setNotice(null);
    await session.updateProfile({ name: f.get("name"), locale: f.get("locale") || null });
    setNotice(t("common.saved"));
  });
  const password = useFormAction(async (f, form) => {
    setNotice(null);
    await session.updateProfile({ password: { current: f.get("current"), new: f.get("new") } });
    form.reset();
    setNotice(t("profile.passwordChanged"));
  });

  return (
    <section class="profile">
      <h1>{t("profile.title")}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form class="card" onSubmit={details.submit}>
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
        <ErrorNote error={details.error} />
        <button class="primary" disabled={details.busy}>
          {t("common.save")}
        </button>
      </form>
      <form class="card" onSubmit={password.submit}>
        <h2>{t("profile.password")}</h2>
        <Field label={t("profile.currentPassword")}>
          <input name="current" type="password" required autoComplete="current-password" />
        </Field>
        <Field label={t("profile.newPassword")} hint={t("auth.passwordHint")}>
          <input name="new" type="password" required minLength={10} maxLength={200} autoComplete="new-password" />
        </Field>
        <ErrorNote error={password.error} />
        <button class="primary" disabled={password.busy}>
          {t("profile.changePassword")}
        </button>
      </form>
    </section>
  );
}
