/**
 * Who sent an activity (src/channel/messenger.ts personFrom, dialogs/learner.ts learnerOf): the
 * Entra ID object id only when Teams vouches for it. Another channel's client could put anyone's
 * object id in `from` and act as them (answer their konsultasjon, write their learning records).
 */
import { expect } from 'chai';
import type { TurnContext } from 'botbuilder';
import { learnerOf } from '../../dialogs/learner.js';
import { personFrom } from '../../src/channel/messenger.js';

const OBJECT_ID = '11111111-2222-4333-8444-555555555555';
const context = (channelId: string) =>
  ({
    activity: { channelId, from: { id: 'dl_abc', name: 'Kari', aadObjectId: OBJECT_ID } },
  }) as unknown as TurnContext;

describe('Who sent an activity', function () {
  it('uses the Entra ID object id from Teams only', function () {
    expect(personFrom(context('msteams')).key).to.equal(OBJECT_ID);
    expect(learnerOf(context('msteams'))).to.deep.equal({ kind: 'entra', objectId: OBJECT_ID });
    for (const channel of ['webchat', 'directline', 'emulator']) {
      expect(personFrom(context(channel)).key, channel).to.equal('dl_abc');
      expect(learnerOf(context(channel)), channel).to.deep.include({ kind: 'channel' });
    }
  });
});
