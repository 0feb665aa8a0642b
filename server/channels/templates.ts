import type { NotificationData, NotificationKind } from '../db/schema.js';

/** Languages customers are written to in; anything else falls back to English. */
export const LANGUAGES = ['en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const COUNTRY_LANGUAGES: Record<string, Language> = {
  ES: 'es',
  MX: 'es',
  AR: 'es',
  CO: 'es',
  CL: 'es',
  PE: 'es',
  FR: 'fr',
  BE: 'fr',
  LU: 'fr',
};

/** The customer's own language when known, else the one spoken in the case's country. */
export function notificationLanguage(customerLanguage: string | null, country: string | null): Language {
  if (customerLanguage && (LANGUAGES as readonly string[]).includes(customerLanguage)) {
    return customerLanguage as Language;
  }
  return COUNTRY_LANGUAGES[country?.toUpperCase() ?? ''] ?? 'en';
}

interface Template {
  subject: Record<NotificationKind, (d: NotificationData) => string>;
  headline: Record<NotificationKind, (d: NotificationData) => string>;
  greeting: (d: NotificationData) => string;
  accessCode: string;
  follow: string;
  reply: string;
}

const TEMPLATES: Record<Language, Template> = {
  en: {
    subject: {
      OPENED: (d) => `We have received your request: ${d.caseSubject}`,
      PUBLIC_NOTE: () => 'New reply on your case',
      WAITING_ON_CUSTOMER: () => 'We need your reply',
      RESOLVED: () => 'Your case has been resolved',
    },
    headline: {
      OPENED: (d) => `We have opened case ${d.reference} about “${d.caseSubject}”.`,
      PUBLIC_NOTE: (d) => `There is a new reply on your case ${d.reference}:`,
      WAITING_ON_CUSTOMER: (d) => `We are waiting for your reply to continue with case ${d.reference}.`,
      RESOLVED: (d) => `Your case ${d.reference} has been resolved. You can tell us how we did on the status page.`,
    },
    greeting: (d) => `Hello ${d.customerName},`,
    accessCode: 'Access code',
    follow: 'Follow your case here',
    reply: 'Reply to this e-mail to add a message to your case.',
  },
  es: {
    subject: {
      OPENED: (d) => `Hemos recibido su solicitud: ${d.caseSubject}`,
      PUBLIC_NOTE: () => 'Nueva respuesta en su caso',
      WAITING_ON_CUSTOMER: () => 'Necesitamos su respuesta',
      RESOLVED: () => 'Su caso está resuelto',
    },
    headline: {
      OPENED: (d) => `Hemos abierto el caso ${d.reference} sobre «${d.caseSubject}».`,
      PUBLIC_NOTE: (d) => `Hay una nueva respuesta en su caso ${d.reference}:`,
      WAITING_ON_CUSTOMER: (d) => `Esperamos su respuesta para continuar con el caso ${d.reference}.`,
      RESOLVED: (d) => `Su caso ${d.reference} está resuelto. Puede valorar nuestra atención en la página de estado.`,
    },
    greeting: (d) => `Hola, ${d.customerName}:`,
    accessCode: 'Código de acceso',
    follow: 'Siga su caso aquí',
    reply: 'Responda a este correo para añadir un mensaje a su caso.',
  },
  fr: {
    subject: {
      OPENED: (d) => `Nous avons bien reçu votre demande : ${d.caseSubject}`,
      PUBLIC_NOTE: () => 'Nouvelle réponse sur votre dossier',
      WAITING_ON_CUSTOMER: () => 'Nous attendons votre réponse',
      RESOLVED: () => 'Votre dossier est résolu',
    },
    headline: {
      OPENED: (d) => `Nous avons ouvert le dossier ${d.reference} concernant « ${d.caseSubject} ».`,
      PUBLIC_NOTE: (d) => `Une nouvelle réponse a été ajoutée à votre dossier ${d.reference} :`,
      WAITING_ON_CUSTOMER: (d) => `Nous attendons votre réponse pour poursuivre le dossier ${d.reference}.`,
      RESOLVED: (d) =>
        `Votre dossier ${d.reference} est résolu. Vous pouvez évaluer notre service sur la page de suivi.`,
    },
    greeting: (d) => `Bonjour ${d.customerName},`,
    accessCode: 'Code d’accès',
    follow: 'Suivez votre dossier ici',
    reply: 'Répondez à cet e-mail pour ajouter un message à votre dossier.',
  },
};

/**
 * The customer's status page with the pair filled in. Both travel in the
 * fragment, which browsers never send to a server, so they stay out of logs.
 */
export function statusPageLink(publicUrl: string, data: Pick<NotificationData, 'reference' | 'accessCode'>): string {
  const fragment = new URLSearchParams({ reference: data.reference, code: data.accessCode });
  return `${publicUrl}/status#${fragment.toString()}`;
}

export interface RenderedNotification {
  subject: string;
  text: string;
}

/** Subject carries the reference in brackets, so a reply finds its case by subject alone. */
export function renderNotification(
  kind: NotificationKind,
  language: string,
  data: NotificationData,
  publicUrl: string,
): RenderedNotification {
  const t = TEMPLATES[notificationLanguage(language, null)];
  const lines = [t.greeting(data), '', t.headline[kind](data)];
  if (data.note) lines.push('', ...data.note.split('\n').map((line) => `  ${line}`));
  if (kind === 'OPENED') lines.push('', `${t.accessCode}: ${data.accessCode}`);
  lines.push('', `${t.follow}: ${statusPageLink(publicUrl, data)}`, '', t.reply);
  return { subject: `[${data.reference}] ${t.subject[kind](data)}`, text: `${lines.join('\n')}\n` };
}
