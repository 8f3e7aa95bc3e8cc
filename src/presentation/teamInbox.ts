/**
 * The konsultasjon inbox in chat (SDK-free): texts (texts/nb/inbox.yaml), the request card the
 * TSB team sees in its channel (with «Jeg tar den», «Tilsyn utført», «Trenger mer informasjon»,
 * «Avvis med begrunnelse» for the request's status), the requester's notices and the lists.
 *
 * In Teams the team's buttons are Universal Actions (Action.Execute: an invoke, answered with the
 * refreshed card); in Web Chat, which does not send Action.Execute, they are Action.Submit with
 * the same data under `konsultasjon`.
 */
import { z } from 'zod';
import { loadYamlTexts, type YamlTexts } from './yamlTexts.js';
import type { Directory, DirectoryUnit } from '../domain/konsultasjon/directory.js';
import {
  REQUEST_ID,
  requestStatuses,
  type InboxRequest,
  type RequestStatus,
  type TeamAction,
} from '../domain/konsultasjon/inbox.js';
import type { KonsultasjonTexts } from './konsultasjon.js';
import { adaptiveCard, smallText, textBlock, type AdaptiveCard } from './cards/adaptive.js';

const statusTexts = z
  .object(
    Object.fromEntries(requestStatuses.map((s) => [s, z.string().min(2)])) as Record<
      RequestStatus,
      z.ZodString
    >,
  )
  .strict();

const fileSchema = z
  .object({
    cardTitle: z.string(),
    exampleUnit: z.string(),
    noIdentity: z.string(),
    status: statusTexts,
    facts: z
      .object({
        reasons: z.string(),
        urgency: z.string(),
        from: z.string(),
        ageBand: z.string(),
        pregnant: z.string(),
        minorChildren: z.string(),
        suicidal: z.string(),
        mental: z.string(),
        auditc: z.string(),
        sent: z.string(),
        note: z.string(),
        answer: z.string(),
      })
      .strict(),
    buttons: z
      .object({
        take: z.string(),
        done: z.string(),
        needsInfo: z.string(),
        reject: z.string(),
        send: z.string(),
      })
      .strict(),
    noteLabel: z.object({ 'needs-info': z.string(), reject: z.string() }).strict(),
    sendQuestion: z.string(),
    sendOption: z.string(),
    dontSend: z.string(),
    receipt: z.string(),
    sendFailed: z.string(),
    notSent: z.string(),
    notice: statusTexts.omit({ sent: true }),
    noteMissing: z.string(),
    notTeam: z.string(),
    alreadyDone: z.string(),
    notFound: z.string(),
    reminderThread: z.string(),
    reminderRequester: z.string(),
    registered: z.string(),
    registerUsage: z.string(),
    registerUnknownUnit: z.string(),
    registerNotAllowed: z.string(),
    registerNotChannel: z.string(),
    mineTitle: z.string(),
    mineEmpty: z.string(),
    mineLine: z.string(),
    openTitle: z.string(),
    openEmpty: z.string(),
    openNotRegistered: z.string(),
    webChatInbox: z.string(),
    registerUseTeams: z.string(),
    registerUsePage: z.string(),
    moved: z.string(),
    exampleNotice: z.string(),
    urgentAcute: z.string(),
    flagSuicidal: z.string(),
    flagPregnant: z.string(),
    flagUnder18: z.string(),
    receiptHint: z.string(),
    answerLabel: z.string(),
    answerButton: z.string(),
    answerThread: z.string(),
    answerSent: z.string(),
    answerNotDelivered: z.string(),
    teamName: z.string(),
    wardName: z.string(),
    answerMissing: z.string(),
    answerNotAllowed: z.string(),
  })
  .strict();
type InboxFile = z.infer<typeof fileSchema>;

export type InboxTexts = YamlTexts<InboxFile>;

export function loadInboxTexts(): InboxTexts {
  return loadYamlTexts('inbox', fileSchema);
}

/** «10:12», Norwegian time. */
export function clockTime(iso: string): string {
  return new Intl.DateTimeFormat('nb-NO', {
    timeZone: 'Europe/Oslo',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** «30.11. kl. 10:12», Norwegian time. */
export function dayAndTime(iso: string): string {
  const day = new Intl.DateTimeFormat('nb-NO', {
    timeZone: 'Europe/Oslo',
    day: '2-digit',
    month: '2-digit',
  }).format(new Date(iso));
  return `${day} kl. ${clockTime(iso)}`;
}

/** The status line: «Tatt av Overlege B kl. 10:12». */
export function statusLine(t: InboxTexts, r: InboxRequest): string {
  // «Tatt» names who took it, also when it is theirs again after the ward's answer.
  const who =
    r.status === 'taken' && r.takenBy
      ? { by: r.takenBy.name, at: r.takenBy.at }
      : r.history[r.history.length - 1];
  return t.render(t.file.status[r.status], {
    name: who?.by ?? '',
    time: who ? clockTime(who.at) : '',
  });
}

/** How the team's buttons are sent: Universal Actions in Teams, submits in Web Chat. */
export type ActionMode = 'execute' | 'submit';

/** The data a team button carries (with `note` from the card's text input, if any). */
export const inboxActionSchema = z
  .object({
    konsultasjon: z
      .object({
        action: z.enum(['take', 'done', 'needs-info', 'reject']),
        requestId: z.string().regex(REQUEST_ID),
      })
      .strict(),
    note: z.string().max(2000).optional(),
    'note-needs-info': z.string().max(2000).optional(),
    'note-reject': z.string().max(2000).optional(),
  })
  .loose();
export type InboxAction = z.infer<typeof inboxActionSchema>;

/** The card's note field for an action. */
export function noteField(action: TeamAction): 'note-needs-info' | 'note-reject' | 'note' {
  return action === 'needs-info' ? 'note-needs-info' : action === 'reject' ? 'note-reject' : 'note';
}

/** The note sent with an action (from its own field, or `note`). */
export function noteOf(data: InboxAction): string | undefined {
  const field = noteField(data.konsultasjon.action);
  return (field === 'note' ? undefined : data[field]) ?? data.note;
}

export const EXECUTE_VERB = 'konsultasjon';

function teamButton(
  mode: ActionMode,
  title: string,
  action: TeamAction,
  requestId: string,
  withInput = false,
): Record<string, unknown> {
  const data = { konsultasjon: { action, requestId } };
  // Only the note field of its own show card goes with a button («Jeg tar den» sends none).
  const associatedInputs = withInput ? 'auto' : 'none';
  return mode === 'execute'
    ? { type: 'Action.Execute', title, verb: EXECUTE_VERB, data, associatedInputs }
    : { type: 'Action.Submit', title, data, associatedInputs };
}

/** A button that opens a note field and sends the action with it. */
function withNote(
  t: InboxTexts,
  mode: ActionMode,
  title: string,
  action: 'needs-info' | 'reject',
  requestId: string,
): Record<string, unknown> {
  return {
    type: 'Action.ShowCard',
    title,
    card: adaptiveCard(
      [
        {
          type: 'Input.Text',
          // Input ids are unique in a card: one note field per action.
          id: noteField(action),
          label: t.file.noteLabel[action],
          placeholder: t.file.noteLabel[action],
          isMultiline: true,
          maxLength: 300,
          errorMessage: t.file.noteMissing,
        },
      ],
      // Not isRequired: a required field in a closed show card blocks every other button in
      // Web Chat. An empty note is answered by the bot instead (noteMissing).
      [teamButton(mode, t.file.buttons.send, action, requestId, true)],
    ),
  };
}

function option<K extends keyof KonsultasjonTexts>(
  kt: KonsultasjonTexts,
  field: K,
  value: string,
): string {
  const q = kt[field] as { options?: { value: string; label: string }[] };
  return q.options?.find((o) => o.value === value)?.label ?? value;
}

/** The request as the team sees it in its channel, with the buttons its status allows. */
export function requestCard(
  t: InboxTexts,
  kt: KonsultasjonTexts,
  r: InboxRequest,
  unit: DirectoryUnit | undefined,
  directory: Directory | undefined,
  mode: ActionMode,
): AdaptiveCard {
  const q = r.request;
  const f = t.file.facts;
  const facts = [
    { title: f.reasons, value: q.reasons.map((x) => kt.reasonTexts[x]).join(', ') },
    { title: f.urgency, value: kt.urgencyTexts[q.urgency] },
    { title: f.from, value: `${q.ward} – ${q.contact}` },
    { title: f.ageBand, value: option(kt, 'ageBand', q.ageBand) },
    { title: f.pregnant, value: option(kt, 'pregnant', q.pregnant) },
    { title: f.minorChildren, value: option(kt, 'minorChildren', q.minorChildren) },
    { title: f.suicidal, value: option(kt, 'suicidalOrSelfHarm', q.suicidalOrSelfHarm) },
    { title: f.mental, value: option(kt, 'mentalDisorderSuspected', q.mentalDisorderSuspected) },
    ...(q.auditcScore !== undefined ? [{ title: f.auditc, value: `${q.auditcScore} av 12` }] : []),
    { title: f.sent, value: dayAndTime(r.createdAt) },
    // The last note, while it is what the request is waiting on or why it was rejected.
    ...(r.note && (r.status === 'needs-info' || r.status === 'rejected')
      ? [{ title: f.note, value: r.note }]
      : []),
    // The ward's answer to «Trenger mer informasjon», while the request is open.
    ...(r.answer && (r.status === 'taken' || r.status === 'needs-info')
      ? [{ title: f.answer, value: `${r.answer.text} (${dayAndTime(r.answer.at)})` }]
      : []),
  ];
  const b = t.file.buttons;
  const actions =
    r.status === 'sent'
      ? [teamButton(mode, b.take, 'take', r.id), withNote(t, mode, b.reject, 'reject', r.id)]
      : r.status === 'taken' || r.status === 'needs-info'
        ? [
            teamButton(mode, b.done, 'done', r.id),
            withNote(t, mode, b.needsInfo, 'needs-info', r.id),
            withNote(t, mode, b.reject, 'reject', r.id),
          ]
        : [];
  return adaptiveCard(
    [
      textBlock(t.render(t.file.cardTitle, { id: r.id }), { weight: 'Bolder', size: 'Medium' }),
      textBlock(`**${statusLine(t, r)}**`, {
        color: r.status === 'sent' ? 'Attention' : r.status === 'rejected' ? 'Default' : 'Good',
        spacing: 'Small',
      }),
      ...(unit ? [smallText(unit.name)] : []),
      // What calls for attention first: urgency and the flags that change what TSB does.
      ...[
        q.urgency === 'acute' && t.file.urgentAcute,
        q.suicidalOrSelfHarm === 'yes' && t.file.flagSuicidal,
        q.pregnant === 'yes' && t.file.flagPregnant,
        q.ageBand === 'under-18' && t.file.flagUnder18,
      ]
        .filter((x): x is string => typeof x === 'string')
        .map((text) => textBlock(`⚠️ **${text}**`, { color: 'Attention', spacing: 'Small' })),
      ...(directory?.example ? [textBlock(`⚠️ ${t.file.exampleUnit}`, { size: 'Small' })] : []),
      { type: 'FactSet', facts, spacing: 'Medium' },
      smallText(t.file.noIdentity, { spacing: 'Medium' }),
    ],
    actions,
  );
}

/** The requester's notice for a change of status. */
export function noticeText(
  t: InboxTexts,
  r: InboxRequest,
  unit: DirectoryUnit | undefined,
): string | undefined {
  if (r.status === 'sent') return undefined;
  const last = r.history[r.history.length - 1];
  return t.render(t.file.notice[r.status], {
    id: r.id,
    name: last?.by ?? '',
    time: last ? clockTime(last.at) : '',
    unit: unit?.name ?? r.unitId,
    phone: unit?.phone ?? '',
    note: r.note ?? '',
  });
}

/** The ward's answer to «Trenger mer informasjon» (a submit from the requester's chat). */
export const answerActionSchema = z
  .object({
    konsultasjonAnswer: z.object({ requestId: z.string().regex(REQUEST_ID) }).strict(),
    answer: z.string().max(2000).optional(),
  })
  .loose();
export type AnswerAction = z.infer<typeof answerActionSchema>;

/**
 * What the requester gets when the team needs more information: the team's question, whom to
 * phone, and a field to answer in the chat (it goes to the request's thread).
 */
export function answerFormCard(
  t: InboxTexts,
  r: InboxRequest,
  notice: string,
  extra: readonly string[],
): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(notice),
      ...extra.map((line) => textBlock(line, { isSubtle: true, size: 'Small' })),
      {
        type: 'Input.Text',
        id: 'answer',
        label: t.file.answerLabel,
        // Web Chat's screen-reader copy of a card names an input by its placeholder only.
        placeholder: t.file.answerLabel,
        isMultiline: true,
        maxLength: 300,
        errorMessage: t.file.answerMissing,
      },
    ],
    [
      {
        type: 'Action.Submit',
        title: t.file.answerButton,
        data: { konsultasjonAnswer: { requestId: r.id } },
      },
    ],
  );
}

/** A list of requests as one card: a title and one line each. */
export function listCard(
  t: InboxTexts,
  title: string,
  requests: readonly InboxRequest[],
  unitName: (unitId: string) => string,
  empty: string,
): AdaptiveCard {
  return adaptiveCard([
    textBlock(title, { weight: 'Bolder' }),
    ...(requests.length === 0
      ? [textBlock(empty)]
      : requests.map((r) =>
          textBlock(
            t.render(t.file.mineLine, {
              id: r.id,
              unit: unitName(r.unitId),
              status: statusLine(t, r),
              sent: dayAndTime(r.createdAt),
            }),
            { spacing: 'Small' },
          ),
        )),
  ]);
}
