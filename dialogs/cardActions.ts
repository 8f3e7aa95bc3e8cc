/** What a knowledge card's buttons submit, validated with zod (a boundary like any other). */
import { z } from 'zod';
import { areas } from '../src/domain/knowledge/schema.js';
import type { CardAction } from '../src/presentation/knowledge.js';

export const cardActionSchema = z.discriminatedUnion('action', [
  z.looseObject({ action: z.literal('showItem'), id: z.string().regex(/^[a-z0-9-]{1,100}$/) }),
  z.looseObject({ action: z.literal('showArea'), area: z.enum(areas) }),
  z.looseObject({ action: z.literal('acuteRoutine') }),
]);

export function parseCardAction(value: unknown): CardAction | undefined {
  const parsed = cardActionSchema.safeParse(value);
  if (!parsed.success) return undefined;
  switch (parsed.data.action) {
    case 'showItem':
      return { action: 'showItem', id: parsed.data.id };
    case 'showArea':
      return { action: 'showArea', area: parsed.data.area };
    case 'acuteRoutine':
      return { action: 'acuteRoutine' };
  }
}
