import { useState } from "preact/hooks";
import { api, get, post } from "../../api";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useLoad } from "./use-load";

interface Relay {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string | null;
  enabled: boolean;
  hasPassword: boolean;
}

/** The tenant's own SMTP relay (instead of Cloudflare Email Service) and a test mail to check it. */
export function SmtpRelay() {
  const { data, error, reload, setError } = useLoad(() => get<{ relay: Relay | null }>("/settings/smtp").then((r) => r.relay));
  const [answer, setAnswer] = useState<string | null>(null);
  return (
    <>
      <h3>{t("admin.smtp")}</h3>
      <form
        class="card inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget as HTMLFormElement);
          const password = String(f.get("password") ?? "");
          try {
            await api("PUT", "/settings/smtp", {
              host: String(f.get("host")).trim(),
              port: Number(f.get("port")),
              security: f.get("security"),
              username: String(f.get("username") ?? "").trim() || null,
              ...(password ? { password } : {}),
              enabled: f.get("enabled") === "on",
            });
            await reload();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field label={t("admin.smtpHost")}>
          <input name="host" required defaultValue={data?.host ?? ""} />
        </Field>
        <Field label={t("admin.smtpPort")}>
          <input name="port" type="number" min={1} max={65535} required defaultValue={String(data?.port ?? 587)} />
        </Field>
        <Field label={t("admin.smtpSecurity")}>
          <select name="security" defaultValue={data?.security ?? "starttls"}>
            <option value="starttls">STARTTLS (587)</option>
            <option value="tls">TLS (465)</option>
            <option value="none">{t("admin.smtpNone")}</option>
          </select>
        </Field>
        <Field label={t("admin.smtpUser")}>
          <input name="username" defaultValue={data?.username ?? ""} autoComplete="off" />
        </Field>
        <Field label={t("auth.password")} hint={data?.hasPassword ? "••••••" : undefined}>
          <input name="password" type="password" autoComplete="new-password" />
        </Field>
        <label class="check">
          <input type="checkbox" name="enabled" defaultChecked={data?.enabled ?? true} /> {t("admin.active")}
        </label>
        <button class="primary">{t("common.save")}</button>
      </form>
      <form
        class="card inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const r = await post<{ ok: boolean; transport: string; answer: string }>("/settings/smtp/test", { to: new FormData(e.currentTarget as HTMLFormElement).get("to") });
            setAnswer(`${r.ok ? "✓" : "✗"} ${r.transport}: ${r.answer}`);
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field label={t("auth.email")}>
          <input name="to" type="email" required />
        </Field>
        <button>{t("admin.testMail")}</button>
        {answer && <p role="status">{answer}</p>}
      </form>
      <ErrorNote error={error} />
    </>
  );
}
