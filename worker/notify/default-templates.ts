import type { NotificationEvent } from "./events";

export interface Template {
  subject: string;
  body: string;
}

type Locale = "en" | "de" | "fr";

/** Locales with built-in templates; a tenant can add any other by saving templates for it. */
export const BUILT_IN_LOCALES: Locale[] = ["en", "de", "fr"];

const footer = {
  en: `<p><a href="#URL#">Open ticket ##TicketID#</a></p>`,
  de: `<p><a href="#URL#">Ticket ##TicketID# öffnen</a></p>`,
  fr: `<p><a href="#URL#">Ouvrir le ticket ##TicketID#</a></p>`,
};

const t = (subject: string, body: string, locale: Locale, withFooter = true): Template => ({
  subject,
  body: withFooter ? `${body}\n${footer[locale]}` : body,
});

/** The templates a tenant gets until it edits them (its edits are stored per event and locale). */
export const DEFAULT_TEMPLATES: Record<Locale, Record<NotificationEvent, Template>> = {
  en: {
    ticket_created: t("New ticket: #Subject#", `<p>#From# (#FromEmail#) opened a ticket in #Category# via #Via#.</p>\n<blockquote>#Body#</blockquote>\n<p>Priority: #Priority# · Assigned to: #Technician#</p>`, "en"),
    ticket_acknowledgment: t("We received your request: #Subject#", `<p>Hello #FirstName#,</p>\n<p>thank you for writing to us. Your request has the number ##TicketID#; we will answer as soon as we can. Just reply to this mail to add anything.</p>\n<p>#Unsubscribe#</p>`, "en"),
    public_reply: t("New reply: #Subject#", `<p>#What_Happened#</p>\n#Attachments#`, "en"),
    internal_note: t("Internal note: #Subject#", `<p>#What_Happened#</p>\n#Attachments#`, "en"),
    assignee_changed: t("Assigned to you: #Subject#", `<p>#Originator# assigned ticket ##TicketID# to you.</p>\n<p>#What_Happened#</p>\n#Recent_messages#`, "en"),
    reply_edited: t("Reply edited: #Subject#", `<p>#What_Happened#</p>`, "en"),
    ticket_resolved: t("Resolved: #Subject#", `<p>Hello #FirstName#,</p>\n<p>we consider your request resolved.</p>\n#Most_recent_message#\n<p>#RatingLinks#</p>`, "en", false),
    resolution_rejected: t("Not solved yet: #Subject#", `<p>#Originator# says the resolution did not solve the problem; the ticket is open again.</p>`, "en"),
    resolution_accepted: t("Solution accepted: #Subject#", `<p>#Originator# accepted the resolution; the ticket is closed.</p>`, "en"),
    ticket_moved: t("Moved to #Category#: #Subject#", `<p>#What_Happened#</p>\n<blockquote>#Body#</blockquote>`, "en"),
    customer_updated: t("Customer update: #Subject#", `<p>#What_Happened#</p>`, "en"),
    ticket_taken: t("Taken by #Technician#: #Subject#", `<p>#Technician# took ticket ##TicketID#, so you need not.</p>`, "en"),
    welcome: t("Welcome to our help desk", `<p>Hello #UserName#,</p>\n<p>an account was created for you. You can follow your requests at <a href="#URL#">#URL#</a>.</p>`, "en", false),
    agent_invitation: t("Your help desk account", `<p>Hello #UserName#,</p>\n<p>an account was created for you in our help desk. Choose your password here; the link works once, within three days:</p>\n<p><a href="#URL#">#URL#</a></p>`, "en", false),
  },
  de: {
    ticket_created: t("Neues Ticket: #Subject#", `<p>#From# (#FromEmail#) hat über #Via# ein Ticket in #Category# eröffnet.</p>\n<blockquote>#Body#</blockquote>\n<p>Priorität: #Priority# · Zugewiesen an: #Technician#</p>`, "de"),
    ticket_acknowledgment: t("Wir haben Ihre Anfrage erhalten: #Subject#", `<p>Hallo #FirstName#,</p>\n<p>vielen Dank für Ihre Nachricht. Ihre Anfrage hat die Nummer ##TicketID#; wir antworten so bald wie möglich. Antworten Sie einfach auf diese Mail, um etwas zu ergänzen.</p>\n<p>#Unsubscribe#</p>`, "de"),
    public_reply: t("Neue Antwort: #Subject#", `<p>#What_Happened#</p>\n#Attachments#`, "de"),
    internal_note: t("Interne Notiz: #Subject#", `<p>#What_Happened#</p>\n#Attachments#`, "de"),
    assignee_changed: t("Ihnen zugewiesen: #Subject#", `<p>#Originator# hat Ihnen Ticket ##TicketID# zugewiesen.</p>\n<p>#What_Happened#</p>\n#Recent_messages#`, "de"),
    reply_edited: t("Antwort bearbeitet: #Subject#", `<p>#What_Happened#</p>`, "de"),
    ticket_resolved: t("Gelöst: #Subject#", `<p>Hallo #FirstName#,</p>\n<p>wir betrachten Ihre Anfrage als gelöst.</p>\n#Most_recent_message#\n<p>#RatingLinks#</p>`, "de", false),
    resolution_rejected: t("Noch nicht gelöst: #Subject#", `<p>#Originator# meldet, dass die Lösung das Problem nicht behoben hat; das Ticket ist wieder offen.</p>`, "de"),
    resolution_accepted: t("Lösung angenommen: #Subject#", `<p>#Originator# hat die Lösung angenommen; das Ticket ist geschlossen.</p>`, "de"),
    ticket_moved: t("Nach #Category# verschoben: #Subject#", `<p>#What_Happened#</p>\n<blockquote>#Body#</blockquote>`, "de"),
    customer_updated: t("Neues vom Kunden: #Subject#", `<p>#What_Happened#</p>`, "de"),
    ticket_taken: t("Übernommen von #Technician#: #Subject#", `<p>#Technician# hat Ticket ##TicketID# übernommen.</p>`, "de"),
    welcome: t("Willkommen bei unserem Helpdesk", `<p>Hallo #UserName#,</p>\n<p>für Sie wurde ein Konto angelegt. Ihre Anfragen finden Sie unter <a href="#URL#">#URL#</a>.</p>`, "de", false),
    agent_invitation: t("Ihr Helpdesk-Konto", `<p>Hallo #UserName#,</p>\n<p>für Sie wurde ein Konto in unserem Helpdesk angelegt. Wählen Sie hier Ihr Passwort; der Link gilt einmal, drei Tage lang:</p>\n<p><a href="#URL#">#URL#</a></p>`, "de", false),
  },
  fr: {
    ticket_created: t("Nouveau ticket : #Subject#", `<p>#From# (#FromEmail#) a ouvert un ticket dans #Category# via #Via#.</p>\n<blockquote>#Body#</blockquote>\n<p>Priorité : #Priority# · Assigné à : #Technician#</p>`, "fr"),
    ticket_acknowledgment: t("Nous avons bien reçu votre demande : #Subject#", `<p>Bonjour #FirstName#,</p>\n<p>merci de nous avoir écrit. Votre demande porte le numéro ##TicketID# ; nous répondrons dès que possible. Répondez simplement à ce message pour la compléter.</p>\n<p>#Unsubscribe#</p>`, "fr"),
    public_reply: t("Nouvelle réponse : #Subject#", `<p>#What_Happened#</p>\n#Attachments#`, "fr"),
    internal_note: t("Note interne : #Subject#", `<p>#What_Happened#</p>\n#Attachments#`, "fr"),
    assignee_changed: t("Assigné à vous : #Subject#", `<p>#Originator# vous a assigné le ticket ##TicketID#.</p>\n<p>#What_Happened#</p>\n#Recent_messages#`, "fr"),
    reply_edited: t("Réponse modifiée : #Subject#", `<p>#What_Happened#</p>`, "fr"),
    ticket_resolved: t("Résolu : #Subject#", `<p>Bonjour #FirstName#,</p>\n<p>nous considérons votre demande comme résolue.</p>\n#Most_recent_message#\n<p>#RatingLinks#</p>`, "fr", false),
    resolution_rejected: t("Pas encore résolu : #Subject#", `<p>#Originator# indique que la solution n'a pas résolu le problème ; le ticket est rouvert.</p>`, "fr"),
    resolution_accepted: t("Solution acceptée : #Subject#", `<p>#Originator# a accepté la solution ; le ticket est fermé.</p>`, "fr"),
    ticket_moved: t("Déplacé vers #Category# : #Subject#", `<p>#What_Happened#</p>\n<blockquote>#Body#</blockquote>`, "fr"),
    customer_updated: t("Nouvelles du client : #Subject#", `<p>#What_Happened#</p>`, "fr"),
    ticket_taken: t("Pris en charge par #Technician# : #Subject#", `<p>#Technician# a pris en charge le ticket ##TicketID#.</p>`, "fr"),
    welcome: t("Bienvenue sur notre support", `<p>Bonjour #UserName#,</p>\n<p>un compte a été créé pour vous. Suivez vos demandes sur <a href="#URL#">#URL#</a>.</p>`, "fr", false),
    agent_invitation: t("Votre compte sur notre support", `<p>Bonjour #UserName#,</p>\n<p>un compte a été créé pour vous sur notre support. Choisissez votre mot de passe ici ; le lien ne sert qu'une fois, pendant trois jours :</p>\n<p><a href="#URL#">#URL#</a></p>`, "fr", false),
  },
};
