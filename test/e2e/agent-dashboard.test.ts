import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_PASSWORD, deliverMail, DESKTOP, logIn, mailedLink, newPage, PHONE, screenshot, signUpViaApi, startStage, unlabelledControls, type Stage } from "./browser";

// A valid 1×1 PNG, so the browser really decodes the inline image.
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

let stage: Stage;
beforeAll(async () => {
  stage = await startStage(8811);
});
afterAll(() => stage?.stop());

describe("agent dashboard in a real browser", () => {
  it("signs up, sees a mail arrive live, opens it, replies, and the reply leaves as mail", async () => {
    const { page } = await newPage(stage);
    const slug = `shop-${Date.now().toString(36)}`;
    await page.goto("/signup");
    await page.getByLabel("Company name").fill("Bike Shop");
    await page.getByLabel(/Short name/).fill(slug);
    await page.getByLabel("Your name").fill("Ada Admin");
    await page.getByLabel("Email").fill(`ada@${slug}.example`);
    await page.getByLabel("Password").fill("correct horse battery");
    await screenshot(page, "01-signup");
    await page.getByRole("button", { name: "Create helpdesk" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Your helpdesk is ready" }).isVisible()).toBe(true);
    const inbound = (await page.locator(".inbound-address code").textContent())!;
    expect(inbound).toBe(`${slug}@edgedesk.localhost`);
    await screenshot(page, "02-signup-ready");

    await page.getByRole("link", { name: "Go to the tickets" }).click();
    await page.getByText("No tickets here.").waitFor();

    // The mail arrives while the list is open: it must appear without a reload.
    await deliverMail(stage.url, { from: "carla@customer.example", to: inbound, subject: "My bike has a flat tyre", text: "Can you fix it by Friday?" });
    const row = page.locator(".ticket-row", { hasText: "My bike has a flat tyre" });
    await row.waitFor({ timeout: 5000 });
    await screenshot(page, "03-list-live");

    // Keyboard only: "/" searches, j/k move, Enter opens, r starts a reply.
    await page.keyboard.press("/");
    await page.keyboard.type("tyre");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".ticket-row").count()).toBe(1);
    await page.locator("#ticket-search").blur();
    await page.keyboard.press("k");
    await page.keyboard.press("Enter");
    await page.getByText("Can you fix it by Friday?").waitFor();
    await page.keyboard.press("r");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("composer-text");
    expect(await page.getByRole("radio", { name: "Reply" }).isChecked()).toBe(true);
    await page.keyboard.type("Yes, bring it in on Thursday.");
    await page.getByLabel("Attach files").setInputFiles({ name: "map.png", mimeType: "image/png", buffer: PNG_1X1 });
    await page.locator(".composer").getByText("map.png").waitFor();
    await page.getByRole("button", { name: "Send reply" }).click();
    const sent = page.locator(".article.out", { hasText: "Yes, bring it in on Thursday." });
    await sent.waitFor();
    await sent.getByRole("img", { name: "map.png" }).waitFor();
    await expect.poll(() => sent.getByRole("img", { name: "map.png" }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    // The delivery status follows the queue without a reload.
    await sent.getByText("Delivery: carla@customer.example: sent").waitFor({ timeout: 20_000 });
    await screenshot(page, "04-ticket-replied");

    // "n" switches the composer to an internal note, shown apart and never mailed.
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("n");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("composer-text");
    expect(await page.getByRole("radio", { name: "Internal note" }).isChecked()).toBe(true);
    await page.keyboard.type("Customer is a regular, offer a discount.");
    await page.getByRole("button", { name: "Add note" }).click();
    const note = page.locator(".article.note", { hasText: "offer a discount" });
    await note.locator(".note-badge", { hasText: "Internal note" }).waitFor();
    const noteId = Number(await note.getAttribute("data-article-id"));

    // The reply went out as mail to the customer (outbox, then the send_email binding).
    const mails = await page.request.get("/api/v1/outbound-mails").then((r) => r.json());
    const reply = mails.data.find((m: any) => m.kind === "reply" || /flat tyre/.test(m.subject));
    expect(reply.recipients.map((r: any) => r.recipient)).toContain("carla@customer.example");
    expect(mails.data.some((m: any) => m.articleId === noteId)).toBe(false);

    // Properties save in place; time adds up.
    await page.locator(".properties").getByLabel("Status", { exact: true }).selectOption("pending");
    await page.locator(".ticket-row", { hasText: "My bike has a flat tyre" }).getByText("Pending").waitFor();
    await page.getByLabel("Minutes").fill("15");
    await page.getByLabel("What was done").fill("Checked the stock of tubes");
    await page.getByRole("button", { name: "Add time" }).click();
    await page.locator(".time .total", { hasText: "15 min" }).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);

    await page.setViewportSize(PHONE);
    await screenshot(page, "05-ticket-phone");
    await page.goto("/");
    await page.locator(".ticket-row").first().waitFor();
    await screenshot(page, "06-list-phone");
    await page.setViewportSize(DESKTOP);
  });

  it("shows two agents on one ticket each other's presence, typing and the collision warning", async () => {
    const { admin, slug } = await signUpViaApi(stage.url, "duo");
    for (const name of ["Anna", "Ben"]) {
      await admin.call("POST", "/users", { role: "agent", name, emails: [`${name.toLowerCase()}@${slug}.example`], password: AGENT_PASSWORD });
    }
    const ticket = await admin.call("POST", "/tickets", { subject: "Order 4711 arrived damaged", customerEmail: "dora@customer.example", text: "The box was crushed." });

    const anna = await newPage(stage);
    const ben = await newPage(stage);
    // Lets the test cut Ben's sockets as a dropped network would.
    await ben.context.addInitScript(() => {
      const sockets: WebSocket[] = ((window as any).__sockets = []);
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      };
    });
    await logIn(anna.page, slug, `anna@${slug}.example`);
    await logIn(ben.page, slug, `ben@${slug}.example`);
    await anna.page.goto(`/tickets/${ticket.id}`);
    await ben.page.goto(`/tickets/${ticket.id}`);
    await anna.page.getByText("Ben is viewing").waitFor({ timeout: 5000 });
    await ben.page.getByText("Anna is viewing").waitFor({ timeout: 5000 });

    // Anna starts a reply: Ben sees it within a second.
    const started = Date.now();
    await anna.page.locator("#composer-text").pressSequentially("Sorry to hear", { delay: 20 });
    await ben.page.getByText("Anna is replying").waitFor({ timeout: 1000 + (Date.now() - started) });

    // Ben starts one too: both are warned about the other.
    await ben.page.locator("#composer-text").pressSequentially("Hello Dora", { delay: 20 });
    await anna.page.getByText("Ben is also writing a reply on this ticket.").waitFor({ timeout: 2000 });
    await ben.page.getByText("Anna is also writing a reply on this ticket.").waitFor({ timeout: 2000 });
    await screenshot(ben.page, "07-collision");

    // Ben sends first: Anna's composer warns that her reply would ignore it.
    await ben.page.getByRole("button", { name: "Send reply" }).click();
    await expect.poll(() => ben.page.locator("#composer-text").inputValue()).toBe("");
    await anna.page.getByText("A new message arrived while you were writing").waitFor({ timeout: 3000 });
    expect(await anna.page.getByRole("button", { name: "Send reply" }).isDisabled()).toBe(true);
    await screenshot(anna.page, "08-new-article-warning");
    await anna.page.getByRole("button", { name: "Send anyway" }).click();
    expect(await anna.page.getByRole("button", { name: "Send reply" }).isDisabled()).toBe(false);

    // Ben's network drops while he writes: he reconnects by himself, and his draft still counts.
    await ben.page.locator("#composer-text").pressSequentially("One more thing", { delay: 20 });
    await anna.page.getByText("Ben is replying").waitFor({ timeout: 2000 });
    await ben.page.evaluate(() => (window as any).__sockets.forEach((ws: WebSocket) => ws.close(4001, "network gone")));
    await anna.page.getByText("Ben is viewing").or(anna.page.getByText("Only you are here")).waitFor({ timeout: 5000 });
    await anna.page.getByText("Ben is replying").waitFor({ timeout: 10000 });
    await ben.page.getByText("Live", { exact: true }).waitFor();
    expect(await ben.page.locator("#composer-text").inputValue()).toBe("One more thing");

    // Ben leaves: Anna no longer sees him.
    await ben.context.close();
    await anna.page.getByText("Only you are here").waitFor({ timeout: 5000 });
    await anna.context.close();
  });

  it("changes several tickets at once with bulk actions and keeps a saved view", async () => {
    const { admin, slug } = await signUpViaApi(stage.url, "bulk");
    const anna = await admin.call("POST", "/users", { role: "agent", name: "Anna", emails: [`anna@${slug}.example`], password: AGENT_PASSWORD });
    const subjects = ["Refund for order 1", "Refund for order 2", "Question about sizes"];
    const tickets = [];
    for (const subject of subjects) tickets.push(await admin.call("POST", "/tickets", { subject, customerEmail: "eve@customer.example", text: subject }));
    const { page } = await newPage(stage);
    await logIn(page, slug, `admin@${slug}.example`, "correct horse battery");
    await page.locator(".ticket-row").nth(2).waitFor();
    for (const n of [1, 2]) await page.getByLabel(`Select ticket #${n}`, { exact: true }).check();
    await page.getByRole("toolbar").getByLabel("Assign to…").selectOption({ label: "Anna" });
    await page.getByText("Updated 2 tickets").waitFor();
    await expect.poll(() => page.locator(".ticket-row", { hasText: "Anna" }).count()).toBe(2);
    for (const n of [1, 2]) await page.getByLabel(`Select ticket #${n}`, { exact: true }).check();
    await page.getByRole("toolbar").getByLabel("Set status…").selectOption("pending");
    await expect.poll(() => page.locator(".ticket-row", { hasText: "Pending" }).count()).toBe(2);
    for (const n of [1, 2]) await page.getByLabel(`Select ticket #${n}`, { exact: true }).check();
    page.once("dialog", (d) => d.accept("refunds"));
    await page.getByRole("button", { name: "Add tag" }).click();
    for (const t of tickets.slice(0, 2)) {
      await expect.poll(async () => (await admin.call("GET", `/tickets/${t.id}`)).tags).toEqual(["refunds"]);
      expect(await admin.call("GET", `/tickets/${t.id}`)).toMatchObject({ assigneeId: anna.id, status: "pending", tags: ["refunds"] });
    }
    expect(await admin.call("GET", `/tickets/${tickets[2].id}`)).toMatchObject({ assigneeId: null, status: "new", tags: [] });

    // A filter saved as a view comes back after a reload.
    await page.getByLabel("Filter by Tag").fill("refunds");
    await page.getByLabel("Filter by Tag").press("Enter");
    await expect.poll(() => page.locator(".ticket-row").count()).toBe(2);
    page.once("dialog", (d) => d.accept("Refunds"));
    await page.getByRole("button", { name: "Save current filters as view" }).click();
    await page.reload();
    await page.getByRole("button", { name: "All tickets" }).click();
    await expect.poll(() => page.locator(".ticket-row").count()).toBe(3);
    await page.getByRole("button", { name: "Refunds", exact: true }).click();
    await expect.poll(() => page.locator(".ticket-row").count()).toBe(2);
    await screenshot(page, "14-bulk-and-saved-view");

    // The customer panel shows who wrote and what else they asked before.
    await page.getByRole("button", { name: "All tickets" }).click();
    await page.getByRole("link", { name: /Question about sizes/ }).click();
    const panel = page.locator(".customer");
    await panel.getByText("eve@customer.example").waitFor();
    await panel.getByRole("link", { name: /Refund for order 1/ }).waitFor();
    await panel.getByRole("link", { name: /Refund for order 2/ }).waitFor();
    expect(await panel.getByRole("link", { name: /Question about sizes/ }).count()).toBe(0);
  });

  it("shows a category renamed in German to an agent whose locale is German", async () => {
    const { admin, slug } = await signUpViaApi(stage.url, "lang");
    await admin.call("POST", "/users", { role: "agent", name: "Dieter", emails: [`dieter@${slug}.example`], password: AGENT_PASSWORD, locale: "de" });
    const { page } = await newPage(stage);
    await logIn(page, slug, `admin@${slug}.example`, "correct horse battery");
    await page.goto("/admin/categories");
    const general = page.locator("form.category").first();
    await general.getByLabel("Name (de)").fill("Rechnungsfragen");
    await general.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await admin.call("GET", "/categories")).data[0].names.de).toBe("Rechnungsfragen");
    await screenshot(page, "09-admin-categories");

    // The other admin pages load (lazily) and show their data.
    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByRole("cell", { name: "Dieter", exact: true }).waitFor();
    await screenshot(page, "09b-admin-agents");
    // Create forms save, clear themselves and show the new row.
    await page.getByRole("link", { name: "Inbound addresses" }).click();
    await page.getByLabel("Address", { exact: true }).fill(`help@${slug}.example`);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("cell", { name: `help@${slug}.example` }).waitFor();
    expect(await page.getByLabel("Address", { exact: true }).inputValue()).toBe("");
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("Token name").fill("Zapier");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByRole("cell", { name: "Zapier", exact: true }).waitFor();
    expect(await page.locator("code.token").textContent()).toMatch(/^edk_/);
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(async () => (await admin.call("GET", "/tokens")).data.length).toBe(0);
    await page.getByRole("link", { name: "Notifications & templates" }).click();
    await page.getByRole("cell", { name: "New ticket", exact: true }).waitFor();
    await page.locator(".templates").getByRole("button", { name: "New ticket" }).click();
    await page.getByRole("heading", { name: "Preview" }).waitFor();
    await screenshot(page, "09c-admin-notifications");
    await page.getByRole("link", { name: "Failed mail" }).click();
    await page.getByRole("heading", { name: "Incoming mail that did not become a ticket" }).waitFor();
    await page.getByRole("link", { name: "Email settings" }).click();
    await page.getByRole("heading", { name: "SMTP relay" }).waitFor();
    await screenshot(page, "09d-admin-email");
    expect(await unlabelledControls(page)).toEqual([]);

    const dieter = await newPage(stage);
    await logIn(dieter.page, slug, `dieter@${slug}.example`);
    await dieter.page.getByRole("navigation", { name: "Ansichten" }).getByRole("button", { name: "Rechnungsfragen" }).waitFor();
    expect(await dieter.page.getByRole("button", { name: "Meine offenen Tickets" }).isVisible()).toBe(true);
    await screenshot(dieter.page, "10-german-agent");
    await dieter.context.close();
  });

  it("lets an admin write a canned text that agents insert into a reply with the customer's name", async () => {
    const { admin, slug } = await signUpViaApi(stage.url, "canned");
    const carla = await admin.call("POST", "/users", { role: "customer", name: "Carla Customer", emails: ["carla@customer.example"] });
    const ticket = await admin.call("POST", "/tickets", { subject: "Where is my refund?", text: "Still waiting.", customerId: carla.id });
    const { page, context } = await newPage(stage);
    await logIn(page, slug, `admin@${slug}.example`, "correct horse battery");
    await page.goto("/admin/canned");
    await page.getByLabel("Title").fill("Refund on its way");
    await page.getByLabel("Text").fill("Hello {name}, your refund is on its way.");
    await page.getByRole("button", { name: "Add" }).click();
    await expect.poll(async () => (await admin.call("GET", "/canned-texts")).data.map((c: { title: string }) => c.title)).toEqual(["Refund on its way"]);
    expect(await unlabelledControls(page)).toEqual([]);

    await page.goto(`/tickets/${ticket.id}`);
    await page.getByLabel("Insert text…").selectOption({ label: "Refund on its way" });
    await expect.poll(() => page.locator("#composer-text").inputValue()).toBe("Hello Carla Customer, your refund is on its way.");
    await context.close();
  });

  it("shows a mail's inline image inside its formatted view", async () => {
    const { slug, tenant } = await signUpViaApi(stage.url, "inline");
    await deliverMail(stage.url, {
      from: "carla@customer.example",
      to: tenant.inboundAddress,
      subject: "Scratch on the frame",
      body: [
        'Content-Type: multipart/related; boundary="rel"',
        "",
        "--rel",
        "Content-Type: text/html; charset=utf-8",
        "",
        '<p>See the photo:</p><p><img src="cid:photo-1@customer.example" alt="the scratch"></p>',
        "--rel",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-ID: <photo-1@customer.example>",
        'Content-Disposition: inline; filename="photo.png"',
        "",
        PNG_1X1.toString("base64"),
        "--rel--",
      ],
    });
    const { page, context } = await newPage(stage);
    await logIn(page, slug, `admin@${slug}.example`, "correct horse battery");
    await page.locator(".ticket-row", { hasText: "Scratch on the frame" }).click();
    await page.getByRole("button", { name: "Show formatted" }).click();
    const photo = page.frameLocator("iframe.html-body").getByRole("img", { name: "the scratch" });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(1);
    await context.close();
  });

  it("invites an agent by mail, who chooses their password, then their language and a new password on their profile", async () => {
    const { slug } = await signUpViaApi(stage.url, "profile");
    const email = `paula@${slug}.example`;
    const since = Date.now();
    const admin = await newPage(stage);
    await logIn(admin.page, slug, `admin@${slug}.example`, "correct horse battery");
    await admin.page.goto("/admin/agents");
    await admin.page.getByLabel("Name", { exact: true }).fill("Paula");
    await admin.page.getByLabel("Email").fill(email);
    // No initial password: the invitation mail carries a link to choose one.
    await admin.page.getByRole("button", { name: "Invite" }).click();
    await admin.page.getByRole("cell", { name: "Paula", exact: true }).waitFor();
    await admin.context.close();

    const link = new URL(await mailedLink(email, since, "/invitation"));
    const { page, context } = await newPage(stage);
    await page.goto(link.pathname + link.search);
    await page.getByLabel("Password").fill(AGENT_PASSWORD);
    await page.getByRole("button", { name: "Save password and sign in" }).click();
    await page.getByRole("heading", { name: "Your profile" }).waitFor();
    expect(await page.getByRole("link", { name: "Paula" }).getAttribute("aria-current")).toBe("page");
    await page.getByLabel("Language").selectOption("de");
    await page.getByRole("button", { name: "Save" }).click();
    // The whole dashboard answers in German at once, the notice included.
    await page.getByRole("status").filter({ hasText: "Gespeichert" }).waitFor();
    await page.getByRole("button", { name: "Abmelden" }).waitFor();

    await page.getByLabel("Aktuelles Passwort").fill("not my password");
    await page.getByLabel("Neues Passwort").fill("a much better password");
    await page.getByRole("button", { name: "Passwort ändern" }).click();
    await page.getByRole("alert").filter({ hasText: "password.current" }).waitFor();
    await page.getByLabel("Aktuelles Passwort").fill(AGENT_PASSWORD);
    await page.getByRole("button", { name: "Passwort ändern" }).click();
    await page.getByRole("status").filter({ hasText: "Passwort geändert" }).waitFor();
    expect(await page.getByLabel("Neues Passwort").inputValue()).toBe("");
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "11-profile");
    await context.close();

    const again = await newPage(stage);
    await logIn(again.page, slug, email, "a much better password");
    await again.page.getByRole("button", { name: "Abmelden" }).waitFor();
    await again.context.close();
  });
});

