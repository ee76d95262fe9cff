import { del, get, post } from "../../api";
import { CategoryOptions } from "../../components/category-options";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useLoad } from "./use-load";

interface InboundAddress {
  id: number;
  address: string;
  categoryId: number | null;
  kind: "standard" | "custom";
}

/** The standard address, each category's plus-address, and the tenant's own forwarded addresses. */
export function Addresses() {
  const lookups = useLookups();
  const { data, error, act, submit } = useLoad(() => get<{ data: InboundAddress[] }>("/inbound-addresses").then((r) => r.data));
  return (
    <>
      <h2>{t("admin.addresses")}</h2>
      <ErrorNote error={error} />
      <table class="grid">
        <thead>
          <tr>
            <th>{t("admin.address")}</th>
            <th>{t("ticket.category")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((a) => (
            <tr key={a.id}>
              <td>
                <code>{a.address}</code> <span class="badge">{t(`admin.kind.${a.kind}`)}</span>
              </td>
              <td>{a.categoryId ? lookups.categoryName(a.categoryId) : "—"}</td>
              <td>{a.kind === "custom" && <button onClick={() => act(() => del(`/inbound-addresses/${a.id}`))}>{t("common.remove")}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t("admin.plusAddresses")}</h3>
      <ul>
        {lookups.categories.value.map((c) => (
          <li key={c.id}>
            {c.name}: <code>{c.inboundAddress}</code>
          </li>
        ))}
      </ul>
      <form
        class="card inline-form"
        onSubmit={submit((f) => post("/inbound-addresses", { address: f.get("address"), categoryId: f.get("categoryId") ? Number(f.get("categoryId")) : null }))}
      >
        <h3>{t("admin.addAddress")}</h3>
        <Field label={t("admin.address")}>
          <input name="address" type="email" required />
        </Field>
        <Field label={t("ticket.category")}>
          <select name="categoryId">
            <CategoryOptions none="—" />
          </select>
        </Field>
        <button class="primary">{t("common.add")}</button>
      </form>
    </>
  );
}
