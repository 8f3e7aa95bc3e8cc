/**
 * The local directory of one health trust (knowledge/local/<org>/directory.yaml, chosen by ORG):
 * the units that take TSB konsultasjon requests, how to reach them, which request reasons each
 * handles, whether it has an inbox in Teams or Web Chat, what it promises and when an untaken
 * request is reminded. Validated with zod at start-up like every knowledge file.
 */
import { z } from 'zod';
import { kebabId } from '../knowledge/schema.js';
import { reasons } from './request.js';

export const directoryUnitSchema = z
  .object({
    id: kebabId,
    name: z.string().trim().min(2).max(80),
    phone: z.string().trim().min(2).max(60),
    hours: z.string().trim().min(2).max(120).optional(),
    /** The request reasons this unit takes (konsultasjon reasons). */
    handles: z.array(z.enum(reasons)).min(1, 'must name at least one reason'),
    /** true: requests can be sent to the unit's registered Teams channel (or Web Chat inbox). */
    inbox: z.boolean(),
    /** The unit's promise, shown on the requester's receipt ("samme dag eller neste virkedag"). */
    responseTime: z.string().trim().min(2).max(120),
    /** An untaken request is reminded in its thread, and the requester told whom to phone. */
    remindAfterMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .optional(),
    note: z.string().trim().max(300).optional(),
  })
  .strict()
  .refine((u) => !u.inbox || u.remindAfterMinutes !== undefined, {
    message: 'a unit with an inbox must set remindAfterMinutes',
    path: ['remindAfterMinutes'],
  });
export type DirectoryUnit = z.infer<typeof directoryUnitSchema>;

export const directoryFileSchema = z
  .object({
    org: kebabId,
    /** The health trust's name, shown with every unit. */
    hf: z.string().trim().min(2).max(80),
    /** true for the shipped example: shown as EKSEMPEL, never as real contacts. */
    example: z.boolean(),
    units: z.array(directoryUnitSchema).min(1),
  })
  .strict()
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.units.forEach((u, i) => {
      if (seen.has(u.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['units', i, 'id'],
          message: `duplicate id "${u.id}"`,
        });
      }
      seen.add(u.id);
    });
  });
export type Directory = z.infer<typeof directoryFileSchema>;

/** The units with an inbox that take at least one of these reasons, best match first. */
export function inboxUnitsFor(
  directory: Directory | undefined,
  wanted: readonly (typeof reasons)[number][],
): DirectoryUnit[] {
  const units = (directory?.units ?? []).filter(
    (u) => u.inbox && wanted.some((r) => u.handles.includes(r)),
  );
  const covered = (u: DirectoryUnit): number => wanted.filter((r) => u.handles.includes(r)).length;
  return units.sort((a, b) => covered(b) - covered(a));
}

export function unitById(directory: Directory | undefined, id: string): DirectoryUnit | undefined {
  return directory?.units.find((u) => u.id === id);
}
