/** Sends the acute-risk replies: the acute routine, and the "nei" answer to the possible tier. */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import {
  acuteRoutineButtonCard,
  acuteRoutineCard,
  acuteRoutineText,
} from '../src/presentation/safety.js';
import type { Texts } from '../src/presentation/texts.js';
import { CardFactory, MessageFactory, type TurnContext } from '../src/channel/sdk.js';
import { turnEvents } from '../src/shared/metrics.js';

export async function sendAcuteRoutine(
  context: TurnContext,
  knowledge: KnowledgeService,
  texts: Texts,
  because: string | undefined,
  continuing: boolean,
): Promise<void> {
  turnEvents(context).acuteTier = 'acute';
  const text = acuteRoutineText(texts, knowledge.acuteActions, because, continuing);
  const card = acuteRoutineCard(texts, knowledge.acuteActions, knowledge.acuteRoutineItems);
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card), text));
}

export async function sendNotAcute(context: TurnContext, texts: Texts): Promise<void> {
  await context.sendActivity(
    MessageFactory.attachment(
      CardFactory.adaptiveCard(acuteRoutineButtonCard(texts)),
      texts.render('safety-not-acute'),
    ),
  );
}
