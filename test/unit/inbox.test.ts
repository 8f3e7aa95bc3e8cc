/**
 * The konsultasjon inbox (issue 16): requests from a ward to a unit's team, taken and answered,
 * listed, reminded once, deleted after the retention — and never holding a fødselsnummer.
 */
import { expect } from 'chai';
import { storageRecordStore } from '../../src/channel/recordStore.js';
import { BoundedMemoryStorage } from '../../src/channel/state.js';
import { directoryFileSchema } from '../../src/domain/konsultasjon/directory.js';
import { KonsultasjonInbox, type InboxOptions } from '../../src/domain/konsultasjon/inbox.js';
import type { KonsultasjonRequest } from '../../src/domain/konsultasjon/request.js';
import { maskPatientIds } from '../../src/domain/safety/patientId.js';
import { validFnr } from '../support/fnr.js';

const directory = directoryFileSchema.parse({
  org: 'test-hf',
  hf: 'Test HF',
  example: false,
  units: [
    {
      id: 'tsb-tilsyn',
      name: 'TSB tilsynsteam',
      phone: '22 00 00 00',
      handles: ['auditc-positive', 'withdrawal'],
      inbox: true,
      responseTime: 'samme dag',
      remindAfterMinutes: 30,
    },
    {
      id: 'tsb-vakt',
      name: 'TSB vakt',
      phone: '22 00 00 01',
      handles: ['withdrawal'],
      inbox: false,
      responseTime: 'straks',
    },
  ],
});

const request: KonsultasjonRequest = {
  reasons: ['auditc-positive'],
  urgency: 'today',
  ward: 'Kirurgisk post 2',
  contact: 'telefon 4411',
  ageBand: '18-64',
  pregnant: 'no',
  minorChildren: 'no',
  suicidalOrSelfHarm: 'no',
  mentalDisorderSuspected: 'no',
  auditcScore: 7,
};
const nurse = { key: 'aad-nurse', name: 'Sykepleier A', ref: { conversationId: 'a:nurse' } };
const consultant = { key: 'aad-cons', name: 'Overlege B' };

function setup(overrides: Partial<InboxOptions> = {}): {
  inbox: KonsultasjonInbox;
  clock: { now: Date };
  storage: BoundedMemoryStorage;
} {
  const clock = { now: new Date('2026-11-30T10:00:00Z') };
  const storage = new BoundedMemoryStorage({ maxBytes: 8 * 1024 * 1024, ttlMs: 86_400_000 * 60 });
  const inbox = new KonsultasjonInbox({
    store: storageRecordStore(storage),
    directory,
    retentionDays: 30,
    maxRequests: 100,
    mask: (t) => maskPatientIds(t),
    now: () => clock.now,
    ...overrides,
  });
  return { inbox, clock, storage };
}

describe('Konsultasjon inbox (issue 16)', function () {
  it('registers only units that have an inbox in the directory', async function () {
    const { inbox } = setup();
    await inbox.register('tsb-tilsyn', { conversationId: '19:team' }, 'aad-lead');
    expect((await inbox.registration('tsb-tilsyn'))?.ref).to.deep.equal({
      conversationId: '19:team',
    });
    await inbox.register('tsb-vakt', {}, 'aad-lead').then(
      () => expect.fail('registered a unit without an inbox'),
      (err: Error) => expect(err.message).to.match(/no inbox/),
    );
  });

  it('creates a request with a number, status «sent», listed as mine and as open for the unit', async function () {
    const { inbox } = setup();
    const r = await inbox.create('tsb-tilsyn', request, nurse);
    expect(r.id).to.match(/^K-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(r.status).to.equal('sent');
    expect((await inbox.mine('aad-nurse')).map((x) => x.id)).to.deep.equal([r.id]);
    expect((await inbox.open('tsb-tilsyn')).map((x) => x.id)).to.deep.equal([r.id]);
    expect(await inbox.mine('someone-else')).to.deep.equal([]);
  });

  it('takes, then completes; a second «take» is refused; closed requests are no longer open', async function () {
    const { inbox, clock } = setup();
    const r = await inbox.create('tsb-tilsyn', request, nurse);
    clock.now = new Date('2026-11-30T10:12:00Z');
    const taken = await inbox.act(r.id, 'take', consultant);
    expect(taken.ok && taken.request.takenBy).to.deep.equal({
      name: 'Overlege B',
      at: '2026-11-30T10:12:00.000Z',
    });
    const again = await inbox.act(r.id, 'take', { key: 'x', name: 'Lege C' });
    expect(again).to.include({ ok: false, reason: 'not-allowed' });
    const done = await inbox.act(r.id, 'done', consultant);
    expect(done.ok && done.request.status).to.equal('done');
    expect(await inbox.open('tsb-tilsyn')).to.deep.equal([]);
    expect((await inbox.mine('aad-nurse'))[0]?.history.map((h) => h.status)).to.deep.equal([
      'sent',
      'taken',
      'done',
    ]);
  });

  it('lets exactly one of two people take a request at the same moment', async function () {
    const { inbox } = setup();
    const r = await inbox.create('tsb-tilsyn', request, nurse);
    const results = await Promise.all([
      inbox.act(r.id, 'take', consultant),
      inbox.act(r.id, 'take', { key: 'aad-other', name: 'Lege C' }),
    ]);
    expect(results.filter((x) => x.ok)).to.have.length(1);
  });

  it('never stores a fødselsnummer: ward, contact, names and notes are masked', async function () {
    const { inbox, storage } = setup();
    const fnr = validFnr('150385');
    const spaced = `${fnr.slice(0, 6)} ${fnr.slice(6)}`;
    const r = await inbox.create(
      'tsb-tilsyn',
      { ...request, ward: `Post 2 ${fnr}`, contact: `ring ${spaced}` },
      { ...nurse, name: `Sykepleier ${fnr}` },
    );
    await inbox.act(r.id, 'take', { ...consultant, name: `Lege ${fnr}` });
    await inbox.act(r.id, 'reject', consultant, `Gjelder pasient ${spaced}, ikke TSB`);
    const everything = JSON.stringify(
      await storage.read(['konsultasjon/index', `konsultasjon/request/${r.id}`]),
    );
    expect(everything).to.not.include(fnr);
    expect(everything).to.not.include(spaced);
    expect(everything).to.include('[fødselsnummer fjernet]');
  });

  it('claims a reminder once, after the unit’s remindAfterMinutes, only for untaken requests', async function () {
    const { inbox, clock } = setup();
    const waiting = await inbox.create('tsb-tilsyn', request, nurse);
    const taken = await inbox.create('tsb-tilsyn', request, nurse);
    await inbox.act(taken.id, 'take', consultant);
    clock.now = new Date('2026-11-30T10:29:00Z');
    expect(await inbox.claimDueReminders()).to.deep.equal([]);
    clock.now = new Date('2026-11-30T10:30:00Z');
    const due = await Promise.all([inbox.claimDueReminders(), inbox.claimDueReminders()]);
    expect(due.flat().map((r) => r.id)).to.deep.equal([waiting.id]);
    expect(await inbox.claimDueReminders()).to.deep.equal([]);
  });

  it('deletes requests after the retention period, and keeps at most maxRequests', async function () {
    const { inbox, clock } = setup({ maxRequests: 3 });
    const old = await inbox.create('tsb-tilsyn', request, nurse);
    clock.now = new Date('2026-12-31T10:00:01Z'); // 31 days later
    expect(await inbox.purge()).to.equal(1);
    expect(await inbox.get(old.id)).to.equal(undefined);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await inbox.create('tsb-tilsyn', request, nurse)).id);
    expect((await inbox.mine('aad-nurse')).map((r) => r.id)).to.deep.equal(ids.slice(2).reverse());
    expect(await inbox.get(ids[0] ?? '')).to.equal(undefined);
  });

  it('ignores request numbers that are not ours', async function () {
    const { inbox } = setup();
    expect(await inbox.get('../../etc')).to.equal(undefined);
    expect(await inbox.act('K-0000', 'take', consultant)).to.include({ reason: 'not-found' });
  });
});
