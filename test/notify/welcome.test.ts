import { describe, expect, it } from "vitest";
import { signUp } from "../helpers/api";
import { sentViaBinding, uniqueAddress } from "../outbound/helpers";

describe("the welcome mail", () => {
  it("greets a customer account an admin creates, once the tenant switched it on", async () => {
    const t = await signUp("welcome");
    const before = uniqueAddress("early");
    await t.admin.post("/users", { role: "customer", name: "Early Bird", emails: [before] });

    await t.admin.json("PUT", "/notification-rules/welcome", { active: true, recipients: ["customer"] });
    const email = uniqueAddress("noemi");
    await t.admin.post("/users", { role: "customer", name: "Noémi Kovács", emails: [email], locale: "fr" });
    const [mail] = await sentViaBinding(email);
    expect(mail!.parsed.subject).toBe("Bienvenue sur notre support");
    expect(mail!.parsed.html).toContain("Bonjour Noémi Kovács,");
    expect(mail!.parsed.html).toContain('href="http://127.0.0.1:8787/portal"');
    expect(mail!.parsed.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-generated");

    const { data } = await t.admin.get("/outbound-mails?limit=10");
    expect(data.map((m: { kind: string; recipients: { recipient: string }[] }) => [m.kind, m.recipients[0]!.recipient])).toEqual([["welcome", email]]);
  });
});
