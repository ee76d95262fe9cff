import { useState } from "preact/hooks";
import { get, patch } from "../../api";
import { ErrorNote, Field } from "../../components/field";
import { t, type MessageKey } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useLoad } from "./use-load";
import { SmtpRelay } from "./smtp-relay";

type Settings = Record<string, boolean | string | number | null>;

const SWITCHES: [string, MessageKey][] = [
  ["acceptUnregisteredSenders", "admin.acceptUnregistered"],
  ["addCcAsSubscribers", "admin.ccSubscribers"],
  ["newTicketForClosedFollowUps", "admin.newForClosed"],
  ["customersSeeCompanyTickets", "admin.companyTickets"],
  ["useFromNameForAllMail", "admin.fromNameAll"],
];

/** Tenant mail settings, and the SMTP relay for outgoing mail. */
export function EmailSettings() {
  const lookups = useLookups();
  const { data, error, setError } = useLoad(() => get<Settings>("/settings"));
  const [saved, setSaved] = useState(false);
  if (!data) return <ErrorNote error={error} />;
  return (
    <>
      <h2>{t("admin.email")}</h2>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget as HTMLFormElement);
          try {
            await patch("/settings", {
              ...Object.fromEntries(SWITCHES.map(([key]) => [key, f.get(key) === "on"])),
              defaultCategoryId: f.get("defaultCategoryId") ? Number(f.get("defaultCategoryId")) : null,
              outgoingFromAddress: String(f.get("outgoingFromAddress") ?? "").trim() || null,
              outgoingFromName: String(f.get("outgoingFromName") ?? "").trim() || null,
            });
            setSaved(true);
            setError(null);
          } catch (err) {
            setError(err);
          }
        }}
      >
        {SWITCHES.map(([key, label]) => (
          <label key={key} class="check">
            <input type="checkbox" name={key} defaultChecked={Boolean(data[key])} /> {t(label)}
          </label>
        ))}
        <Field label={t("admin.defaultCategory")}>
          <select name="defaultCategoryId" defaultValue={String(data.defaultCategoryId ?? "")}>
            <option value="">—</option>
            {lookups.categories.value.map((c) => (
              <option key={c.id} value={c.id} selected={c.id === data.defaultCategoryId}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("admin.fromAddress")}>
          <input name="outgoingFromAddress" type="email" defaultValue={String(data.outgoingFromAddress ?? "")} />
        </Field>
        <Field label={t("admin.fromName")}>
          <input name="outgoingFromName" defaultValue={String(data.outgoingFromName ?? "")} />
        </Field>
        <ErrorNote error={error} />
        <button class="primary">{t("common.save")}</button> {saved && <span role="status">✓ {t("common.saved")}</span>}
      </form>
      <SmtpRelay />
    </>
  );
}
