/** Every mail the helpdesk sends on its own, each with its rule and its templates. */
export const NOTIFICATION_EVENTS = [
  "ticket_created",
  "ticket_acknowledgment",
  "public_reply",
  "internal_note",
  "assignee_changed",
  "reply_edited",
  "ticket_resolved",
  "resolution_rejected",
  "resolution_accepted",
  "ticket_moved",
  "customer_updated",
  "ticket_taken",
  "welcome",
  "agent_invitation",
] as const;

export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Who a rule can name. `assignee` falls back to the category's agents and then everyone,
 * as the ticket-created rule asks; the escalation chain (escalation.ts) covers people
 * who cannot be mailed.
 */
export const RECIPIENT_GROUPS = [
  "assignee",
  "last_assignee",
  "category_agents",
  "category_managers",
  "all_agents",
  "admins",
  "customer",
  "company_contacts",
  "subscribers",
] as const;

export type RecipientGroup = (typeof RECIPIENT_GROUPS)[number];

export interface NotificationRule {
  active: boolean;
  recipients: RecipientGroup[];
  extraAgentIds: number[];
  extraAddresses: string[];
}

const rule = (recipients: RecipientGroup[], active = true): NotificationRule => ({ active, recipients, extraAgentIds: [], extraAddresses: [] });

/** The rules a new tenant starts with, straight from how a helpdesk is expected to behave. */
export const DEFAULT_RULES: Record<NotificationEvent, NotificationRule> = {
  ticket_created: rule(["assignee"]),
  ticket_acknowledgment: rule(["customer"]),
  public_reply: rule(["assignee"]),
  internal_note: rule(["assignee"]),
  assignee_changed: rule(["assignee"]),
  reply_edited: rule(["assignee"], false),
  ticket_resolved: rule(["customer", "company_contacts"]),
  resolution_rejected: rule(["last_assignee"]),
  resolution_accepted: rule(["last_assignee"]),
  ticket_moved: rule(["category_agents"]),
  customer_updated: rule(["category_agents"]),
  ticket_taken: rule(["category_agents"]),
  // Off until an admin switches it on: customers are also created for every new sender by mail.
  welcome: rule(["customer"], false),
  // Goes to the invited agent alone, whoever the rule names; only its switch and texts apply.
  agent_invitation: rule([]),
};

/** Events whose mail goes to the person it is about and nobody else: their rules' recipients do not apply. */
export const PERSONAL_EVENTS = new Set<NotificationEvent>(["welcome", "agent_invitation"]);

/** Events whose mail goes to customers: their links point at the portal, not the agent app. */
export const CUSTOMER_EVENTS = new Set<NotificationEvent>(["ticket_acknowledgment", "ticket_resolved", "welcome"]);
