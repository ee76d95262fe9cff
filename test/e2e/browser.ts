import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import PostalMime from "postal-mime";
import { emlFiles } from "../helpers/eml-files";
// @ts-expect-error plain ESM helper shared with npm start
import { run, startDevServer } from "../../scripts/dev-server.mjs";

// Debian's Chromium, installed by `npm test` through scripts/system-packages.mjs; never downloaded.
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
const SCREENS = "test-results/screens";

export interface Stage {
  url: string;
  browser: Browser;
  stop: () => Promise<void>;
}

/** A fresh `wrangler dev` (own D1/R2/DO state) and a headless Chromium. */
export async function startStage(port: number): Promise<Stage> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgedesk-browser-"));
  await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { stdio: "ignore" });
  const server = await startDevServer({ port, persistTo, quiet: true });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  mkdirSync(SCREENS, { recursive: true });
  return {
    url: server.url,
    browser,
    async stop() {
      await browser.close();
      server.stop();
      // workerd needs a moment to let go of the files before they can go.
      await new Promise((r) => setTimeout(r, 500));
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

export async function newPage(stage: Stage, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stage.browser.newContext({ viewport, baseURL: stage.url, locale: "en-GB" });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("browser error:", e.message));
  return { context, page };
}

/** Saves a screenshot as a test artefact under test-results/screens/. */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: `${SCREENS}/${name}.png` });

/** A plain HTTP client with a cookie, for setting the scene quickly through the API. */
export class ApiClient {
  cookie = "";
  constructor(readonly url: string) {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: { Origin: this.url, Cookie: this.cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie?.startsWith("edgedesk_session=")) this.cookie = setCookie.split(";")[0]!;
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

let counter = 0;
/** Signs a tenant up through the API and returns its admin's client. */
export async function signUpViaApi(url: string, prefix: string) {
  const admin = new ApiClient(url);
  const slug = `${prefix}-${Date.now().toString(36)}${counter++}`;
  const result = await admin.call("POST", "/signup", { name: `${prefix} Ltd`, slug, email: `admin@${slug}.example`, password: "correct horse battery", adminName: "Ada Admin" });
  return { admin, slug, tenant: result.tenant, user: result.user };
}

export const AGENT_PASSWORD = "agent password 123";

/** Signs in through the login page, as an agent would. */
export async function logIn(page: Page, tenant: string, email: string, password = AGENT_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Helpdesk name").fill(tenant);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/");
}

/**
 * Delivers a mail the way Email Routing would, through the local email handler. `body` is
 * the MIME body with its Content-Type header lines, for anything but plain text.
 */
export async function deliverMail(url: string, { from, to, subject, text, body }: { from: string; to: string; subject: string; text?: string; body?: string[] }) {
  const raw = [
    `From: Carla Customer <${from}>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <${crypto.randomUUID()}@customer.example>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    ...(body ?? ["Content-Type: text/plain; charset=utf-8", "", text ?? ""]),
  ].join("\r\n");
  const res = await fetch(`${url}/cdn-cgi/handler/email?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { method: "POST", body: raw });
  if (!res.ok) throw new Error(`email handler → ${res.status}: ${await res.text()}`);
}

/**
 * The first link to `path` (with its token) in a mail to `address` that the local send_email
 * binding wrote since `since` (wrangler keeps them under .wrangler/tmp/email/ while it runs).
 */
export async function mailedLink(address: string, since: number, path: string): Promise<string> {
  const pattern = new RegExp(`https?://\\S+${path.replace(/\//g, "\\/")}\\?token=[\\w-]+`);
  for (let i = 0; i < 40; i++) {
    for (const raw of emlFiles(".wrangler/tmp", since).map((file) => readFileSync(file, "utf8")).filter((m) => m.includes(address))) {
      const link = (await PostalMime.parse(raw)).text?.match(pattern);
      if (link) return link[0];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${address} with a link to ${path}`);
}

/** Form controls on the page that a screen reader would announce without a name. */
export const unlabelledControls = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>("input:not([type=hidden]), select, textarea, button")]
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent?.trim())))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
