import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailedLink, newPage, PHONE, screenshot, signUpViaApi, startStage, type Stage } from "./browser";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage(8812);
});
afterAll(() => stage?.stop());

const signInLink = (address: string, since: number) => mailedLink(address, since, "/portal/login");

describe("customer portal in a real browser", () => {
  it("signs a customer in by mailed link; they see only their tickets, reply with a file, accept the resolution and rate it", async () => {
    const { admin, slug } = await signUpViaApi(stage.url, "portal");
    const address = `fiona-${Date.now().toString(36)}@customer.example`;
    const ticket = await admin.call("POST", "/tickets", { subject: "Warranty for my kettle", customerEmail: address, text: "It stopped heating." });
    await admin.call("POST", `/tickets/${ticket.id}/articles`, { text: "Please send a photo of the label." });
    await admin.call("POST", `/tickets/${ticket.id}/articles`, { text: "Agents only: check stock", internal: true });
    await admin.call("POST", "/tickets", { subject: "Someone else's order", customerEmail: "other@customer.example", text: "private" });

    const { page } = await newPage(stage);
    const since = Date.now() - 1000;
    await page.goto(`/portal?tenant=${slug}`);
    await page.getByLabel("Email").fill(address);
    await screenshot(page, "11-portal-signin");
    await page.getByRole("button", { name: "Mail me a sign-in link" }).click();
    await page.getByText("a sign-in link is on its way").waitFor();

    const link = new URL(await signInLink(address, since));
    await page.goto(link.pathname + link.search);
    await page.getByRole("heading", { name: "Your requests" }).waitFor();
    expect(await page.getByText("Someone else's order").count()).toBe(0);
    await page.getByRole("link", { name: /Warranty for my kettle/ }).click();
    await page.getByText("Please send a photo of the label.").waitFor();
    expect(await page.getByText("Agents only").count()).toBe(0);

    await page.getByLabel("Your message").fill("Here is the label.");
    await page.getByLabel("Add files").setInputFiles({ name: "label.png", mimeType: "image/png", buffer: Buffer.from("89504e470d0a1a0a", "hex") });
    await page.getByText("label.png").waitFor();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.locator(".article", { hasText: "Here is the label." }).getByRole("link", { name: "label.png" }).waitFor();
    await screenshot(page, "12-portal-ticket");
    await page.setViewportSize(PHONE);
    await screenshot(page, "13-portal-ticket-phone");

    // The agent marks it resolved: the customer accepts and rates it from the portal.
    await admin.call("PATCH", `/tickets/${ticket.id}`, { status: "resolved" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.getByText("We marked this request as solved. Is it?").waitFor();
    await page.getByRole("button", { name: "Yes, this is solved" }).click();
    await page.getByRole("heading", { name: /the ticket is closed/ }).waitFor();
    expect((await admin.call("GET", `/tickets/${ticket.id}`)).status).toBe("closed");
    await page.goto(`/portal/tickets/${ticket.id}`);
    await page.getByRole("button", { name: /Good/ }).click();
    await page.waitForURL(/ticket-actions/);
    expect((await admin.call("GET", `/tickets/${ticket.id}/rating`)).rating).toBe("good");

    // The same link does not work twice.
    const again = await newPage(stage);
    await again.page.goto(link.pathname + link.search);
    await again.page.getByText("This sign-in link is unknown, already used or expired").waitFor();
    await again.context.close();
  });
});
