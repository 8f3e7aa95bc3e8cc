/**
 * Every card the bot can send, built with the same presentation functions and data the dialogs
 * use: each knowledge item as a search hit and in full, every checklist for every answer path,
 * every AUDIT-C result, every "Hvem har ansvaret?" decision reachable by the questions, the
 * konsultasjon card for every routing, the safety cards, the menu, pick lists and questions.
 */
import type { KnowledgeService } from '../../src/domain/knowledge/service.js';
import { areas } from '../../src/domain/knowledge/schema.js';
import {
  allAnswerPaths,
  nextQuestion as nextProcedureQuestion,
} from '../../src/domain/procedures/schema.js';
import {
  ageBands,
  reasons,
  konsultasjonServiceRequest,
  route,
  urgencies,
  type KonsultasjonRequest,
} from '../../src/domain/konsultasjon/request.js';
import {
  answerDomains,
  nextQuestion,
  withDefaults,
  type Question,
} from '../../src/domain/responsibility/questions.js';
import type { Facts } from '../../src/domain/responsibility/facts.js';
import { auditcQuestions, auditcResultCard, sexQuestion } from '../../src/presentation/auditc.js';
import { checklistCard, checklistView } from '../../src/presentation/checklist.js';
import { menuCard } from '../../src/presentation/cards/menu.js';
import {
  answerFormCard,
  listCard,
  loadInboxTexts,
  requestCard,
} from '../../src/presentation/teamInbox.js';
import {
  feedbackCard,
  lessonCard,
  loadLearningTexts,
  resultCard as learningResultCard,
  reviewCard,
} from '../../src/presentation/learning.js';
import { requestStatuses, type InboxRequest } from '../../src/domain/konsultasjon/inbox.js';
import {
  areaItemsCard,
  areaPickCard,
  flowOfferCard,
  itemCard,
  readItemsCard,
  resultCard,
} from '../../src/presentation/knowledge.js';
import {
  konsultasjonCard,
  loadKonsultasjonTexts,
  requestText,
} from '../../src/presentation/konsultasjon.js';
import { multiSelectCard, questionCard } from '../../src/presentation/questions.js';
import { decisionCard, loadResponsibilityTexts } from '../../src/presentation/responsibility.js';
import {
  acuteCheckQuestion,
  acuteRoutineButtonCard,
  acuteRoutineCard,
  possibleRiskCard,
} from '../../src/presentation/safety.js';
import type { Sex } from '../../src/domain/auditc/score.js';
import { texts } from './transcript.js';

/** A question's tag as the dialogs set it (which flow, question and asking a button answers). */
const tag = { flow: 'catalogue', step: 'question', ask: 'a1' };

export type CardKind =
  | 'first' // the first card of an answer (search hit, result, decision, konsultasjon)
  | 'checklist' // a routine's checklist
  | 'full' // an item in full, asked for with "Les hele"
  | 'control'; // menu, questions, pick lists, buttons

export interface CatalogueCard {
  readonly name: string;
  readonly kind: CardKind;
  readonly card: unknown;
  /** the plain text sent with the card to copy, if any */
  readonly copyText?: string;
}

/** Every decision the responsibility questions can reach (depth-first over the answers). */
export function reachableFacts(knowledge: KnowledgeService): Facts[] {
  const out: Facts[] = [];
  const visit = (known: Partial<Facts>): void => {
    const q: Question | undefined = nextQuestion(knowledge.responsibilityTable, known);
    if (q === undefined) {
      out.push(withDefaults(known));
      return;
    }
    for (const v of answerDomains[q]) visit({ ...known, [q]: v });
  };
  visit({});
  return out;
}

export function* cardCatalogue(knowledge: KnowledgeService): Generator<CatalogueCard> {
  const items = knowledge.kb.items;
  for (const item of items) {
    const sources = knowledge.sourcesOf(item);
    yield { name: `search hit ${item.id}`, kind: 'first', card: resultCard(texts, item, sources) };
    const related = (item.related ?? []).flatMap((id) => knowledge.item(id) ?? []);
    yield { name: `item ${item.id}`, kind: 'full', card: itemCard(texts, item, sources, related) };
  }

  for (const [id, procedure] of knowledge.kb.procedures) {
    for (const answers of allAnswerPaths(procedure)) {
      const view = checklistView(procedure, answers, knowledge);
      yield {
        name: `checklist ${id} ${JSON.stringify(answers)}`,
        kind: 'checklist',
        card: checklistCard(texts, view),
      };
    }
    const first = nextProcedureQuestion(procedure, {});
    if (first) {
      const q = {
        prompt: first.prompt,
        acceptsAge: false,
        options: first.options.map((o) => ({
          value: o.value,
          label: o.label,
          synonyms: o.synonyms ?? [],
        })),
      };
      yield {
        name: `question ${id} ${first.id}`,
        kind: 'control',
        card: first.multi
          ? multiSelectCard(
              q,
              texts.labels.next,
              {
                label: texts.labels.chooseSeveral,
                errorMessage: texts.labels.chooseAtLeastOne,
              },
              tag,
            )
          : questionCard(q, undefined, tag),
      };
    }
  }

  const points = [0, 1, 2, 3, 4];
  for (const sex of ['male', 'female', 'unknown'] as Sex[])
    for (const a of points)
      for (const b of points)
        for (const c of points) {
          const result = knowledge.screenAuditc([a, b, c], sex);
          const followUpItems = [...new Set(result.followUp.flatMap((f) => f.items))].flatMap(
            (i) => knowledge.item(i) ?? [],
          );
          yield {
            name: `AUDIT-C ${sex} ${a}${b}${c}`,
            kind: 'first',
            card: auditcResultCard(texts, knowledge.auditc, result, followUpItems),
          };
        }
  for (const q of [...auditcQuestions(knowledge.auditc), sexQuestion(texts)])
    yield { name: `AUDIT-C question ${q.prompt}`, kind: 'control', card: questionCard(q) };

  const rt = loadResponsibilityTexts();
  const seen = new Set<string>();
  for (const facts of reachableFacts(knowledge)) {
    const d = knowledge.decideResponsibility(facts);
    const key = JSON.stringify(d);
    if (seen.has(key)) continue;
    seen.add(key);
    yield {
      name: `decision ${JSON.stringify(facts)}`,
      kind: 'first',
      card: decisionCard(
        texts,
        rt,
        d,
        d.items.flatMap((i) => knowledge.item(i) ?? []),
        'Hvem har ansvaret?',
      ),
    };
  }
  for (const q of Object.values(rt.questions))
    yield { name: `responsibility question ${q.prompt}`, kind: 'control', card: questionCard(q) };

  const kt = loadKonsultasjonTexts();
  const yesNo = ['yes', 'no', 'unknown'] as const;
  for (const ageBand of ageBands)
    for (const pregnant of [...yesNo, 'not-relevant'] as const)
      for (const minorChildren of yesNo)
        for (const mentalDisorderSuspected of yesNo) {
          const request: KonsultasjonRequest = {
            reasons: [...reasons],
            urgency: urgencies[0],
            ward: 'Medisinsk sengepost 3',
            contact: 'Sykepleier, tlf. 12345',
            ageBand,
            pregnant,
            minorChildren,
            suicidalOrSelfHarm: 'no',
            mentalDisorderSuspected,
            auditcScore: 7,
          };
          const items = ['kons-hso-rutiner-kontakt-henvisning'].flatMap(
            (i) => knowledge.item(i) ?? [],
          );
          yield {
            name: `konsultasjon ${ageBand} ${pregnant} ${minorChildren} ${mentalDisorderSuspected}`,
            kind: 'first',
            card: konsultasjonCard(
              texts,
              route(request),
              knowledge.kb.directory,
              items,
              'Hvem har ansvaret?',
              konsultasjonServiceRequest(request, kt.reasonTexts),
            ),
            copyText: requestText(texts, kt, request),
          };
        }

  yield {
    name: 'acute routine',
    kind: 'first',
    card: acuteRoutineCard(texts, knowledge.acuteActions, knowledge.acuteRoutineItems),
  };
  yield { name: 'possible risk', kind: 'control', card: possibleRiskCard(texts, tag) };
  yield { name: 'acute routine button', kind: 'control', card: acuteRoutineButtonCard(texts) };
  yield {
    name: 'acute check question',
    kind: 'control',
    card: questionCard(acuteCheckQuestion(texts, knowledge.possibleRisk.question)),
  };

  yield { name: 'menu', kind: 'control', card: menuCard(texts.menu, texts.render('menu-prompt')) };
  yield {
    name: 'area pick',
    kind: 'control',
    card: areaPickCard(texts, 'Velg et område', knowledge.areasWithItems()),
  };
  for (const area of areas)
    yield {
      name: `area ${area}`,
      kind: 'control',
      card: areaItemsCard(texts, area, knowledge.itemsInArea(area)),
    };
  yield { name: 'read items', kind: 'control', card: readItemsCard(texts, items.slice(0, 5)) };
  yield { name: 'flow offer', kind: 'control', card: flowOfferCard(texts, texts.menu.slice(0, 2)) };

  // The konsultasjon inbox (issue 16): the team's card in every status, both action modes, and
  // the lists.
  const inboxTexts = loadInboxTexts();
  const unit = knowledge.kb.directory?.units.find((u) => u.inbox);
  const at = '2026-11-30T09:00:00.000Z';
  const base: InboxRequest = {
    id: 'K-7F3Q2M',
    unitId: unit?.id ?? 'tsb-konsultasjon',
    createdAt: at,
    request: {
      reasons: ['auditc-positive', 'withdrawal', 'relatives-concern'],
      urgency: 'today',
      ward: 'Kirurgisk post 2',
      contact: 'vakttelefon 4411',
      ageBand: '18-64',
      pregnant: 'not-relevant',
      minorChildren: 'yes',
      suicidalOrSelfHarm: 'no',
      mentalDisorderSuspected: 'unknown',
      auditcScore: 9,
    },
    requester: { key: 'k', name: 'Sykepleier', ref: {} },
    status: 'sent',
    history: [{ status: 'sent', at }],
  };
  for (const status of requestStatuses) {
    const r: InboxRequest = {
      ...base,
      status,
      ...(status === 'sent' ? {} : { takenBy: { name: 'Overlege Berg', at } }),
      ...(status === 'needs-info' || status === 'rejected'
        ? { note: 'Ring oss om hvilke rusmidler det gjelder.' }
        : {}),
      history: [
        ...base.history,
        ...(status === 'sent' ? [] : [{ status, at, by: 'Overlege Berg' }]),
      ],
    };
    for (const mode of ['execute', 'submit'] as const) {
      yield {
        name: `inbox card ${status} ${mode}`,
        kind: 'first',
        card: requestCard(inboxTexts, kt, r, unit, knowledge.kb.directory, mode),
      };
    }
  }
  const answered: InboxRequest = {
    ...base,
    status: 'taken',
    takenBy: { name: 'Overlege Berg', at },
    note: 'Hvilke rusmidler, og når drakk han sist?',
    answer: { text: 'Vodka, siste gang i går kveld.', at },
  };
  yield {
    name: 'inbox card answered',
    kind: 'first',
    card: requestCard(inboxTexts, kt, answered, unit, knowledge.kb.directory, 'execute'),
  };
  yield {
    name: 'inbox answer form',
    kind: 'control',
    card: answerFormCard(
      inboxTexts,
      { ...answered, status: 'needs-info' },
      'K-7F3Q2M: Overlege Berg (TSB) trenger mer informasjon: «Hvilke rusmidler?». Ring 22 00 00 00.',
      [],
    ),
  };
  yield {
    name: 'inbox list',
    kind: 'control',
    card: listCard(inboxTexts, inboxTexts.file.mineTitle, [base], () => unit?.name ?? '', ''),
  };

  // Opplæring (issue 17): every lesson and every question's feedback (right and wrong) of every
  // module, the result passed and failed, the nudge and the offer.
  const lt = loadLearningTexts();
  const sourcesOf = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const item = knowledge.item(id);
      return item ? knowledge.sourcesOf(item) : [];
    });
  for (const m of knowledge.kb.learning) {
    for (const [n, lesson] of m.lessons.entries()) {
      yield {
        name: `lesson ${m.id}/${lesson.id}`,
        kind: 'first',
        card: lessonCard(texts, lt, lesson, n + 1, m.lessons.length, sourcesOf(lesson.items)),
      };
    }
    for (const q of m.questions) {
      for (const right of [true, false]) {
        yield {
          name: `feedback ${m.id}/${q.id} ${right ? 'right' : 'wrong'}`,
          kind: 'first',
          card: feedbackCard(
            texts,
            lt,
            q,
            q.options.flatMap((o, i) => (o.correct === right ? [i] : [])),
            sourcesOf(q.items),
          ),
        };
      }
    }
    for (const passed of [true, false]) {
      const total = m.questions.length;
      const right = passed ? total : Math.floor(total / 2);
      yield {
        name: `learning result ${m.id} ${passed ? 'passed' : 'failed'}`,
        kind: 'first',
        card: learningResultCard(
          lt,
          m.title,
          { score: right / total, passed, right, total, missed: [] },
          at,
          knowledge.kb.version,
        ),
      };
    }
  }
  yield { name: 'learning nudge', kind: 'control', card: reviewCard(lt, 3, true) };
  yield { name: 'learning offer', kind: 'control', card: reviewCard(lt, 3, false) };
}
