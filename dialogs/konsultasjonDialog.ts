/**
 * "Be om tilsyn fra TSB": collects what TSB needs and nothing that identifies the patient, then
 * shows the request (copyable), whom to contact (local directory), what TSB promises, reminders
 * (under 18, pregnancy, barn som pårørende, responsibility) and the FHIR ServiceRequest. Suicidal
 * thoughts or self-harm get the acute routine at once, before the request goes on.
 */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import {
  konsultasjonRequestSchema,
  konsultasjonServiceRequest,
  route,
  type KonsultasjonRequest,
} from '../src/domain/konsultasjon/request.js';
import {
  directoryLines,
  konsultasjonCard,
  requestText,
  type KonsultasjonTexts,
} from '../src/presentation/konsultasjon.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  ComponentDialog,
  MessageFactory,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import { sendAcuteRoutine } from './safetyReplies.js';
import { recognizeMany } from '../src/presentation/questions.js';
import {
  askMany,
  askOption,
  chosenValue,
  createMultiOptionPrompt,
  createOptionPrompt,
} from './optionPrompt.js';
import { copyTextMessage } from '../src/presentation/copyText.js';
import { turnEvents } from '../src/shared/metrics.js';
import type { QuestionText } from '../src/presentation/questions.js';
import type { TeamInbox } from './teamInbox.js';

export const KONSULTASJON_DIALOG = 'tilsyn';
const ASK = 'tilsynAsk';
const TEXT = 'tilsynText';
const MANY = 'tilsynMany';

export interface KonsultasjonOptions {
  readonly auditcScore?: number;
}

type Draft = Partial<Record<keyof KonsultasjonRequest, unknown>>;
type Field =
  | 'reason'
  | 'urgency'
  | 'ageBand'
  | 'pregnant'
  | 'minorChildren'
  | 'suicidalOrSelfHarm'
  | 'mentalDisorderSuspected';

/** Extra knowledge items to offer for each reminder. */
const reminderItems = {
  acuteFirst: ['sui-rutine-somatisk-akuttmottak', 'sui-somatisk-etter-selvmordsforsok-vurdering'],
  under18: ['ung-rus-under-18-uavklart', 'ung-hmn-bup-forst-modell'],
  pregnancy: ['grav-hso-gravide-utsatt-gruppe'],
  childrenAsRelatives: ['bsp-kartlegge-mindrearige-barn-og-sosken'],
  offerResponsibility: [] as string[],
};

export class KonsultasjonDialog extends ComponentDialog {
  constructor(
    private readonly texts: Texts,
    private readonly kt: KonsultasjonTexts,
    private readonly knowledge: KnowledgeService,
    private readonly retryText: string,
    /** The team inbox: with it, a finished request can be sent to a registered TSB channel. */
    private readonly inbox?: TeamInbox,
  ) {
    super(KONSULTASJON_DIALOG);
    this.addDialog(createOptionPrompt(ASK));
    this.addDialog(createMultiOptionPrompt(MANY));
    this.addDialog(
      new TextPrompt(TEXT, (p) =>
        Promise.resolve(
          (p.recognized.value ?? '').trim().length > 0 && (p.recognized.value ?? '').length <= 80,
        ),
      ),
    );
    const draft = (step: WaterfallStepContext): Draft => step.values;
    const store = (step: WaterfallStepContext, field: Field): void => {
      const value = chosenValue(this.kt[field], step.result);
      if (field === 'reason') {
        const auditc =
          (step.options as KonsultasjonOptions).auditcScore !== undefined
            ? ['auditc-positive']
            : [];
        const chosen = recognizeMany(this.kt.reason, String(step.result)) ?? [];
        draft(step).reasons = [...new Set([...auditc, ...chosen])];
      } else {
        draft(step)[field] = value;
      }
    };
    const ask = (field: Field) => (step: WaterfallStepContext) =>
      askOption(step, ASK, this.kt[field], this.retryText, field);
    this.addDialog(
      new WaterfallDialog('tilsynSteps', [
        (step) =>
          askMany(step, MANY, this.kt.reason, this.retryText, this.texts, this.kt.send, 'reason'),
        async (step) => {
          store(step, 'reason');
          return ask('urgency')(step);
        },
        async (step) => {
          store(step, 'urgency');
          if (draft(step).urgency === 'acute') {
            // «Akutt – ring nå»: whom to call comes now, not after seven more questions.
            await step.context.sendActivity(
              this.texts.render('konsultasjon-acute', {
                lines: directoryLines(this.knowledge.kb.directory),
              }),
            );
          }
          return step.prompt(TEXT, { prompt: this.kt.ward, retryPrompt: this.kt.ward });
        },
        async (step) => {
          draft(step).ward = String(step.result).trim();
          return step.prompt(TEXT, { prompt: this.kt.contact, retryPrompt: this.kt.contact });
        },
        async (step) => {
          draft(step).contact = String(step.result).trim();
          return ask('suicidalOrSelfHarm')(step);
        },
        async (step) => {
          store(step, 'suicidalOrSelfHarm');
          if (draft(step).suicidalOrSelfHarm === 'yes') {
            // Safety first: the acute routine before anything else in the request.
            await sendAcuteRoutine(step.context, this.knowledge, this.texts, undefined, true);
          }
          return ask('ageBand')(step);
        },
        async (step) => {
          store(step, 'ageBand');
          return ask('pregnant')(step);
        },
        async (step) => {
          store(step, 'pregnant');
          return ask('minorChildren')(step);
        },
        async (step) => {
          store(step, 'minorChildren');
          return ask('mentalDisorderSuspected')(step);
        },
        async (step) => {
          store(step, 'mentalDisorderSuspected');
          const request = await this.finish(step);
          const units = this.inbox ? await this.inbox.targets(request.reasons) : [];
          if (!this.inbox || units.length === 0) return step.endDialog();
          const question = this.inbox.sendQuestion(units);
          const values = step.values as Record<string, unknown>;
          values.finished = request;
          values.sendQuestion = question;
          return askOption(step, ASK, question, this.retryText, 'send');
        },
        async (step) => {
          const values = step.values as Record<string, unknown>;
          const question = values.sendQuestion as QuestionText;
          const unitId = chosenValue(question, step.result);
          const request = konsultasjonRequestSchema.parse(values.finished);
          if (this.inbox && typeof unitId === 'string' && unitId !== 'no') {
            await this.inbox.send(step.context, unitId, request);
          } else if (this.inbox) {
            await step.context.sendActivity(this.inbox.notSentText);
          }
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'tilsynSteps';
  }

  private async finish(step: WaterfallStepContext): Promise<KonsultasjonRequest> {
    turnEvents(step.context).konsultasjon = true;
    const options = step.options as KonsultasjonOptions;
    // step.values also holds the waterfall's own bookkeeping (instanceId): take only request fields.
    const fields = Object.keys(konsultasjonRequestSchema.shape);
    const collected = Object.fromEntries(
      Object.entries(step.values as Draft).filter(([k]) => fields.includes(k)),
    );
    const request = konsultasjonRequestSchema.parse({
      ...collected,
      ...(options.auditcScore !== undefined && { auditcScore: options.auditcScore }),
    });
    const routing = route(request);
    const ids = (Object.keys(reminderItems) as (keyof typeof reminderItems)[])
      .filter((k) => routing[k])
      .flatMap((k) => reminderItems[k]);
    const items = [...new Set(['kons-hso-rutiner-kontakt-henvisning', ...ids])].flatMap(
      (id) => this.knowledge.item(id) ?? [],
    );
    const text = requestText(this.texts, this.kt, request);
    const responsibilityTitle =
      this.texts.menu.find((e) => e.id === 'ansvar')?.title ?? 'Hvem har ansvaret?';
    const fhir = konsultasjonServiceRequest(request, this.kt.reasonTexts);
    const card = konsultasjonCard(
      this.texts,
      routing,
      this.knowledge.kb.directory,
      items,
      responsibilityTitle,
      fhir,
    );
    await step.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    await step.context.sendActivity(copyTextMessage(text));
    return request;
  }
}
