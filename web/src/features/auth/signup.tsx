import { useState } from "preact/hooks";
import { ErrorNote, Field } from "../../components/field";
import { locale, setLocale, t } from "../../i18n";
import { useSession } from "../../stores/session";
import { useFormAction } from "../../components/use-form-action";

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32);

/** Creates a tenant and its first admin, then shows where to forward support mail. */
export function Signup() {
  const session = useSession();
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [done, setDone] = useState(false);
  const me = session.me.value;

  const { submit, busy, error } = useFormAction(async (form) => {
    await session.signup({
      name: String(form.get("name")),
      slug,
      email: String(form.get("email")),
      password: String(form.get("password")),
      adminName: String(form.get("adminName")) || undefined,
      locale: String(form.get("locale")),
    });
    setDone(true);
  });

  if (done && me) {
    return (
      <main class="auth" id="main">
        <section class="card">
          <h1>{t("auth.ready")}</h1>
          <p>{t("auth.inboundIs")}</p>
          <p class="inbound-address">
            <code>{me.tenant.inboundAddress}</code>
          </p>
          <p>{t("auth.forwardHow")}</p>
          <a class="button primary" href="/">
            {t("auth.toDashboard")}
          </a>
        </section>
      </main>
    );
  }

  return (
    <main class="auth" id="main">
      <form class="card" onSubmit={submit}>
        <h1>{t("auth.signupTitle")}</h1>
        <Field label={t("auth.company")}>
          <input
            name="name"
            required
            autoFocus
            onInput={(e) => !slugTouched && setSlug(slugify((e.currentTarget as HTMLInputElement).value))}
          />
        </Field>
        <Field label={t("auth.slug")}>
          <input
            name="slug"
            required
            pattern="[a-z0-9][a-z0-9\-]{1,30}[a-z0-9]"
            value={slug}
            onInput={(e) => {
              setSlugTouched(true);
              setSlug((e.currentTarget as HTMLInputElement).value);
            }}
          />
        </Field>
        <Field label={t("auth.yourName")}>
          <input name="adminName" autoComplete="name" />
        </Field>
        <Field label={t("auth.email")}>
          <input name="email" type="email" required autoComplete="email" />
        </Field>
        <Field label={t("auth.password")} hint={t("auth.passwordHint")}>
          <input name="password" type="password" required minLength={10} autoComplete="new-password" />
        </Field>
        <Field label={t("auth.language")}>
          <select name="locale" value={locale.value} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value)}>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
            <option value="fr">Français</option>
          </select>
        </Field>
        <ErrorNote error={error} />
        <button class="primary" disabled={busy}>
          {t("auth.signup")}
        </button>
        <p>
          <a href="/login">{t("auth.haveAccount")}</a>
        </p>
      </form>
    </main>
  );
}
