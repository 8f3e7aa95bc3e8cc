/**
 * GET /api/v1/learning/summary (issue 17) through the real server: absent without
 * LEARNING_SUMMARY_KEY, 401 with a wrong key, and counts per module (never who) after a learner
 * passes a module in Teams; a learner's name and passed modules only after they opted in
 * themselves, and gone again when they withdraw.
 */
import { expect } from 'chai';
import { rightAnswer } from '../support/learning.js';
import { postActivity, startTestServer, type TestServer } from '../support/server.js';
import { testKnowledge } from '../support/transcript.js';

const KEY = 'k'.repeat(24);

describe('GET /api/v1/learning/summary (issue 17)', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async function () {
    server = await startTestServer({ LEARNING_SUMMARY_KEY: KEY });
  });

  after(async function () {
    await server?.close();
  });

  const summary = (key: string) =>
    fetch(`${server.url}/api/v1/learning/summary`, { headers: { authorization: `Bearer ${key}` } });

  const say = (text: string, user: string, channel: 'msteams' | 'webchat' = 'msteams') =>
    postActivity(server, {
      text,
      channelId: channel,
      from:
        channel === 'msteams'
          ? { id: `29:${user}`, name: 'Ny ansatt', aadObjectId: user }
          : { id: `dl_${user}` },
      conversation: { id: `a:${user}`, conversationType: 'personal' },
    });

  it('does not exist without LEARNING_SUMMARY_KEY, and refuses a wrong key', async function () {
    const plain = await startTestServer();
    try {
      expect((await fetch(`${plain.url}/api/v1/learning/summary`)).status).to.equal(404);
    } finally {
      await plain.close();
    }
    expect((await summary('wrong-key-wrong-key-wrong')).status).to.equal(401);
  });

  it('counts a learner who passed a module, and names nobody', async function () {
    const m = (await testKnowledge()).kb.learning[0];
    if (!m) throw new Error('no module');
    const user = '33333333-3333-3333-3333-333333333333';
    await say('Opplæring', user);
    await say(m.title, user);
    await say('Til spørsmålene', user);
    let last = '';
    for (const q of m.questions) {
      last = await say(rightAnswer(q), user);
    }
    expect(last).to.match(/Bestått/);
    const res = await summary(KEY);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as {
      modules: { id: string; started: number; passed: number }[];
    };
    expect(body.modules.find((x) => x.id === m.id)).to.include({ started: 1, passed: 1 });
    expect(JSON.stringify(body)).to.not.include(user);
    expect(JSON.stringify(body)).to.not.include('Ny ansatt');
  });

  it('names a learner, with the modules passed, only after they chose to share, and forgets them when they withdraw', async function () {
    const m = (await testKnowledge()).kb.learning[0];
    if (!m) throw new Error('no module');
    const user = '33333333-3333-3333-3333-333333333333'; // passed above
    const people = async () =>
      ((await (await summary(KEY)).json()) as { people: { name: string; passed: unknown[] }[] })
        .people;
    expect(await people()).to.deep.equal([]);
    expect(await say('del resultatene mine', user)).to.match(/viser nå navnet ditt/);
    const shared = await people();
    expect(shared).to.have.length(1);
    expect(shared[0]?.name).to.equal('Ny ansatt');
    expect(shared[0]?.passed).to.have.length(1);
    expect(shared[0]?.passed[0]).to.include({ module: m.id, score: 1 });
    expect(JSON.stringify(shared)).to.not.include(user);
    expect(await say('slutt å dele', user)).to.match(/fjernet fra lederoversikten/);
    expect(await people()).to.deep.equal([]);
    // Web Chat gives no name: nothing to share, and it says why.
    expect(await say('del resultatene mine', 'webuser', 'webchat')).to.match(/krever at du bruker/);
    expect(await people()).to.deep.equal([]);
  });
});
