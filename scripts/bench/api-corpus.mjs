// Helpdesk-like text for the API benchmark: subjects and messages built from topic templates,
// so that a search word matches a plausible share of tickets (a topic word a few percent, a
// product a few percent, an error code a fraction of a percent, an order number one ticket).

/** Small seeded PRNG (mulberry32): the same seed gives the same data set on every run. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  /** Picks by weight from [[value, weight], …]. */
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [value, w] of pairs) if ((r -= w) < 0) return value;
    return pairs.at(-1)[0];
  };
  /** Index in [0, n) skewed towards small values: a few customers and agents get most tickets. */
  const skewed = (n, power = 2) => Math.floor(n * next() ** power);
  return { next, int, pick, weighted, skewed };
}

export const PRODUCTS = ["Nimbus", "Photon", "Atlas", "Quill", "Harbor", "Lumen", "Vertex", "Cobalt"];
const BROWSERS = ["Chrome", "Firefox", "Safari", "Edge"];
const DEVICES = ["iPhone", "Android phone", "iPad", "Windows laptop", "MacBook", "Chromebook"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const COURIERS = ["DHL", "UPS", "FedEx", "GLS", "DPD"];
const INTEGRATIONS = ["Slack", "Salesforce", "Zapier", "Shopify", "HubSpot", "Jira"];

/** Each topic: subject templates and sentences a customer writes; slots in braces. */
const TOPICS = [
  {
    name: "billing",
    subjects: ["Invoice {month} shows the wrong amount", "Double charge on my credit card", "VAT number missing on invoice {invoice}", "Question about my {product} subscription invoice"],
    sentences: [
      "I was charged {amount} twice this month for {product}.",
      "The invoice {invoice} does not show our VAT number.",
      "Could you send a corrected invoice for {month}?",
      "Our accounting department needs the invoice as a PDF.",
      "The credit card statement shows a payment we did not authorise.",
      "Please refund the duplicate payment of {amount}.",
    ],
  },
  {
    name: "login",
    subjects: ["Cannot log in to my account", "Password reset email never arrives", "Two-factor code rejected", "Locked out after password change"],
    sentences: [
      "I cannot log in since yesterday, the page says my password is wrong.",
      "The password reset email never arrives, I checked the spam folder.",
      "The two-factor code from the authenticator app is rejected.",
      "I am using {browser} on a {device}.",
      "My colleague can still log in, only my account is locked.",
      "The error message says {error} after I enter my password.",
    ],
  },
  {
    name: "shipping",
    subjects: ["Where is my order {order}?", "Parcel {order} stuck in transit", "Delivery address change for order {order}", "Tracking number does not work"],
    sentences: [
      "My order {order} was shipped with {courier} but the tracking has not changed for a week.",
      "The tracking number does not work on the {courier} website.",
      "Can I still change the delivery address for order {order}?",
      "The parcel was delivered to a neighbour I do not know.",
      "I need the {product} before the end of {month}, is express shipping possible?",
    ],
  },
  {
    name: "returns",
    subjects: ["Return and refund for order {order}", "{product} arrived damaged", "Wrong item in my parcel", "How do I return a {product}?"],
    sentences: [
      "The {product} arrived damaged, the box was crushed.",
      "I would like to return order {order} and get a refund.",
      "You sent me the wrong item, I ordered a {product}.",
      "Please send me a return label.",
      "How long does the refund take once you receive the parcel?",
      "I attached photos of the damaged packaging.",
    ],
  },
  {
    name: "bug",
    subjects: ["{product} crashes when exporting", "Error {error} when saving", "Sync stopped working on {device}", "Dashboard is blank in {browser}"],
    sentences: [
      "{product} crashes every time I export a report to CSV.",
      "Since the last update saving a document fails with error {error}.",
      "Synchronisation stopped working on my {device}.",
      "The dashboard stays blank in {browser}, the console shows {error}.",
      "I already tried clearing the cache and reinstalling the app.",
      "Steps to reproduce: open a project, click export, choose CSV.",
    ],
  },
  {
    name: "feature",
    subjects: ["Feature request: dark mode for {product}", "Please add a bulk edit option", "Export to Excel would help", "Calendar integration with {integration}"],
    sentences: [
      "It would be great if {product} had a dark mode.",
      "We would love a bulk edit option for large projects.",
      "An export to Excel would save our team hours every week.",
      "Do you plan an integration with {integration}?",
      "Many of our users asked for this feature.",
    ],
  },
  {
    name: "integration",
    subjects: ["{integration} webhook fails", "API returns 429 too many requests", "OAuth token for {integration} expired", "Webhook payload missing fields"],
    sentences: [
      "Our {integration} webhook fails with a timeout since this morning.",
      "The API returns 429 too many requests although we send few calls.",
      "The OAuth token for {integration} expired and cannot be renewed.",
      "The webhook payload is missing the customer field.",
      "We use the REST API from a nightly job to import orders.",
    ],
  },
  {
    name: "account",
    subjects: ["Please delete my account", "Change the owner of our workspace", "Add more seats to our plan", "GDPR data request"],
    sentences: [
      "Please delete my account and all personal data.",
      "Our admin left the company, we need to change the workspace owner.",
      "We want to add ten more seats to our {product} plan.",
      "Under GDPR I request a copy of all data you hold about me.",
      "Can you confirm once the deletion is complete?",
    ],
  },
  {
    name: "performance",
    subjects: ["{product} is very slow today", "Reports take minutes to load", "Timeouts during upload", "Search is slow on large projects"],
    sentences: [
      "{product} is very slow today, every page takes ten seconds.",
      "Reports take minutes to load for projects with many entries.",
      "Uploads of large files end with a timeout.",
      "Search is slow on our largest project.",
      "Our internet connection is fine, other sites load quickly.",
    ],
  },
  {
    name: "pricing",
    subjects: ["Discount for nonprofits?", "Upgrade from {product} Basic to Pro", "Annual billing instead of monthly", "Quote for 50 licenses"],
    sentences: [
      "Do you offer a discount for nonprofit organisations?",
      "We want to upgrade from Basic to Pro, how is the price calculated?",
      "Can we switch to annual billing instead of monthly?",
      "Please send us a quote for 50 licenses of {product}.",
      "Is there a trial period for the Pro plan?",
    ],
  },
  {
    name: "mobile",
    subjects: ["App does not start on {device}", "Push notifications stopped", "Offline mode loses changes", "Login loop in the mobile app"],
    sentences: [
      "The app does not start on my {device} after the update.",
      "Push notifications stopped arriving on my {device}.",
      "Changes made in offline mode are lost when I reconnect.",
      "The mobile app keeps asking me to log in again.",
      "I reinstalled the app but the problem persists.",
    ],
  },
  {
    name: "data",
    subjects: ["Data export is incomplete", "Import from CSV fails at row {row}", "Missing entries after migration", "Restore deleted project"],
    sentences: [
      "The data export is incomplete, the last three months are missing.",
      "Importing our CSV file fails at row {row} with error {error}.",
      "After the migration some entries are missing in {product}.",
      "I deleted a project by mistake, can you restore it?",
      "We need the backup from the first of {month}.",
    ],
  },
];

const GREETINGS = ["Hello,", "Hi there,", "Good morning,", "Dear support team,", "Hi,"];
const CLOSINGS = ["Thanks in advance.", "Kind regards.", "Best regards.", "Thank you for your help.", "Cheers."];
const AGENT_SENTENCES = [
  "Thank you for contacting us.",
  "I am sorry for the trouble this caused.",
  "I have forwarded this to our technical team.",
  "Could you please send us a screenshot of the error?",
  "I have issued the refund, it will appear on your statement within five business days.",
  "The issue has been fixed in the latest release, please update {product}.",
  "Could you tell us which version of {product} you are using?",
  "I have reset your account, please try to log in again.",
  "We have contacted {courier} and opened an investigation.",
  "Please let us know whether this solves the problem.",
  "I am closing this ticket for now, just reply to reopen it.",
];
const NOTE_SENTENCES = [
  "Checked the logs, customer hit error {error} twice.",
  "Escalated to engineering, see internal issue {row}.",
  "Customer is on the enterprise plan, handle with priority.",
  "Refund approved by finance.",
  "Known issue, workaround sent.",
];
const FOLLOW_UPS = [
  "Thanks, that worked.",
  "The problem is still there, I tried again this morning.",
  "I sent the screenshot as requested.",
  "Any update on this?",
  "I am using version 4.{row} of {product}.",
  "It happened again with error {error}.",
];

/** Fills the {slot}s of a template; order numbers are near-unique, error codes come from a small set. */
function fill(rng, template) {
  return template.replace(/\{(\w+)\}/g, (_, slot) => {
    switch (slot) {
      case "product": return rng.pick(PRODUCTS);
      case "browser": return rng.pick(BROWSERS);
      case "device": return rng.pick(DEVICES);
      case "month": return rng.pick(MONTHS);
      case "courier": return rng.pick(COURIERS);
      case "integration": return rng.pick(INTEGRATIONS);
      case "order": return `A${100000 + rng.int(900000)}`;
      case "invoice": return `INV-${20000 + rng.int(80000)}`;
      case "amount": return `${10 + rng.int(490)}.${String(rng.int(100)).padStart(2, "0")} EUR`;
      case "error": return `E${1000 + rng.int(200)}`;
      case "row": return String(1 + rng.int(999));
      default: throw new Error(`unknown slot ${slot}`);
    }
  });
}

const sentences = (rng, list, min, max) => Array.from({ length: min + rng.int(max - min + 1) }, () => fill(rng, rng.pick(list))).join(" ");

/** A ticket's topic, subject and the texts of its articles (first one is the customer's). */
export function conversation(rng, articleCount, customerName, agentName) {
  const topic = rng.pick(TOPICS);
  const subject = fill(rng, rng.pick(topic.subjects));
  const texts = [];
  texts.push({ kind: "in", text: `${rng.pick(GREETINGS)} ${sentences(rng, topic.sentences, 2, 5)} ${rng.pick(CLOSINGS)} ${customerName}` });
  for (let i = 1; i < articleCount; i++) {
    const kind = i % 2 === 1 ? (rng.next() < 0.15 ? "note" : "out") : "in";
    if (kind === "note") texts.push({ kind, text: sentences(rng, NOTE_SENTENCES, 1, 2) });
    else if (kind === "out") texts.push({ kind, text: `Hello ${customerName}, ${sentences(rng, AGENT_SENTENCES, 2, 4)} Best regards, ${agentName}` });
    else texts.push({ kind, text: `${sentences(rng, FOLLOW_UPS, 1, 2)} ${sentences(rng, topic.sentences, 0, 2)} ${customerName}` });
  }
  return { topic: topic.name, subject, texts };
}

const FIRST = ["Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Katrin", "Leo", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe"];
const LAST = ["Adams", "Berger", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen", "Kowalski", "Lopez", "Meyer", "Novak", "Oliveira", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber"];
export const personName = (rng) => `${rng.pick(FIRST)} ${rng.pick(LAST)}`;

/**
 * Search words of the benchmark, from common to rare. Their match counts are measured on the
 * seeded data and printed, so the table says what "full-text search" means.
 */
export const SEARCH_TERMS = ["refund", "password", "invoice", "crashes", "Nimbus", "webhook", "damaged", "tracking", "nonprofit", "E1042", "Salesforce webhook", "export CSV"];
