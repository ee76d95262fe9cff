// `npm start`: build the web app, apply D1 migrations locally, start wrangler dev on
// http://127.0.0.1:8787, and make sure the demo tenant exists (idempotent).
import { run, startDevServer } from "./dev-server.mjs";

const DEMO = { name: "Demo Company", slug: "demo", email: "admin@demo.example", password: "demo-password-123" };

await run("npx", ["vite", "build", "--logLevel", "warn"]);
await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"]);
const server = await startDevServer();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (server.stop(), process.exit(0)));

const origin = server.url;
const post = (path, body, cookie) =>
  fetch(`${origin}/api/v1${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin, ...(cookie && { Cookie: cookie }) },
    body: JSON.stringify(body),
  });

const signup = await post("/signup", DEMO);
if (signup.status !== 201 && signup.status !== 409) throw new Error(`Could not create the demo tenant: ${signup.status} ${await signup.text()}`);
const login = await post("/auth/login", { tenant: DEMO.slug, email: DEMO.email, password: DEMO.password });
if (!login.ok) throw new Error(`Demo login failed: ${login.status} ${await login.text()}`);
const cookie = login.headers.get("set-cookie").split(";")[0];
if (signup.status === 201) {
  await post("/tickets", { subject: "Welcome to edgedesk", customerEmail: "jane@customer.example", text: "This is a sample ticket. Reply to it, add a note, or close it." }, cookie);
}
const { tenant } = await login.json();
console.log(`
edgedesk is running on ${origin}
  tenant:   ${tenant.slug}
  login:    ${DEMO.email} / ${DEMO.password}
  inbound:  ${tenant.inboundAddress}
Press Ctrl+C to stop.
`);
await new Promise(() => {});
