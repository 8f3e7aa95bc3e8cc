import { expect } from 'chai';
import path from 'node:path';
import { KnowledgeError, loadKnowledge } from '../../src/domain/knowledge/load.js';
import {
  createAcuteRiskDetector,
  SafetyConfigError,
  type AcuteRiskDetector,
} from '../../src/domain/safety/acuteRisk.js';
import { allowedDistance, createTypoIndex, withinDistance } from '../../src/domain/safety/fuzzy.js';
import { createNormaliser } from '../../src/domain/safety/text.js';
import type { SafetyConfig } from '../../src/domain/safety/schema.js';

const knowledgeDir = path.resolve(import.meta.dirname, '..', '..', 'knowledge');

describe('Acute-risk detection (knowledge/safety.yaml)', function () {
  let detector: AcuteRiskDetector;
  let config: SafetyConfig;

  before(async function () {
    const kb = await loadKnowledge(knowledgeDir);
    if (!kb.safety) throw new Error('knowledge/safety.yaml missing');
    config = kb.safety;
    detector = createAcuteRiskDetector(config);
  });

  const tier = (text: string): string => detector.assess(text).tier;

  it('reads dialect, nynorsk, abbreviations and typos', function () {
    expect(tier('hu vil itte leve meir')).to.equal('acute');
    expect(tier('vil ikkje leve lenger, har skaffa tablettar')).to.equal('acute');
    expect(tier('tatt en OD')).to.equal('acute');
    expect(tier('SMV-tanker og konkret plan')).to.equal('acute');
    expect(tier('vil ta lievt sitt')).to.equal('acute');
    expect(tier('har tatt en overdsoe')).to.equal('acute');
  });

  it('catches acts, means and amounts, not only the word "selvmord"', function () {
    expect(tier('svelget 40 sobril')).to.equal('acute');
    expect(tier('har hengt seg på badet')).to.equal('acute');
    expect(tier('kutta seg og blør mye')).to.equal('acute');
    expect(tier('sterkt suicidal, står på balkongen')).to.equal('acute');
    expect(tier('suicidal og har skrevet avskjedsbrev')).to.equal('acute');
    expect(tier('har tatt 💊 alle sammen')).to.not.equal('none');
  });

  it('keeps a current act acute whatever the message says of the past elsewhere', function () {
    expect(tier('tatt overdose for en time siden')).to.equal('acute');
    expect(tier('tatt overdose nå, tidligere innlagt')).to.equal('acute');
    expect(tier('overdose for to år siden, nå stabil')).to.equal('none');
  });

  it('stays quiet on questions about routines, statistics, courses and figures of speech', function () {
    for (const text of [
      'Hva gjør vi når en pasient har tatt en overdose?',
      'hvor mange tar livet sitt i Norge hvert år',
      'e-læringskurs om selvmordsforebygging',
      'ta livet tilbake etter behandlingen',
      'drepende kjedelig møte',
      'pasienten må hente seg inn etter operasjonen',
      'skal vi hoppe over lunsjen i dag?',
    ]) {
      expect(tier(text), text).to.equal('none');
    }
  });

  it('reads a denial that belongs to a phrase as part of it, and a skipped-over denial as a denial', function () {
    expect(tier('ikke kontaktbar etter å ha tatt 40 tbl, AMK på vei')).to.equal('acute');
    expect(tier('høy akutt risiko, kan ikke være alene')).to.equal('acute');
    expect(tier('han har ikke tatt noen ekstra tabletter, dosetten stemmer')).to.equal('none');
  });

  it('keeps the subject across "og" and ordinals, and tells a person from a printer', function () {
    expect(tier('pas har låst seg ute på balkongen og står ved rekkverket')).to.equal('acute');
    expect(tier('denne skriveren tar livet av meg')).to.equal('none');
    expect(tier('hun sa: jeg tar livet av meg')).to.equal('acute');
    expect(tier('sitter i bilen med motoren i gang inne i garasjen')).to.equal('acute');
  });

  it('reads a made-up case as fiction, even with a named patient and "i dag"', function () {
    expect(tier('I kurset i dag hadde vi et kasus der pas sto på brua')).to.equal('none');
    expect(tier('Rollespill på simuleringstrening: pasienten har tatt 20 sobril')).to.equal('none');
    expect(tier('pasienten har tatt 20 sobril')).to.equal('acute');
  });

  it('does not count a clock time, a room or an age as an amount', function () {
    expect(tier('pas tok sine 2 paracet selv kl 12, avtalt med lege')).to.not.equal('acute');
    expect(tier('pas tok 12 paracet')).to.equal('acute');
  });

  it('catches someone at the edge without a subject, and keeps "noe" apart from "no" (nå)', function () {
    expect(tier('står på brua nå')).to.equal('acute');
    expect(tier('sitter i vinduskarmen i 5. etg med beina ut')).to.equal('acute');
    expect(tier('står det noe i pakkeforløpet om suicidrisiko i første samtale')).to.not.equal(
      'acute',
    );
  });

  it('asks, but does not alarm, when the sentence laughs', function () {
    expect(tier('Eg hoppar frå brua viss eg må ta ein nattevakt til 😂')).to.equal('possible');
    expect(tier('Eg hoppar frå brua')).to.equal('acute');
  });

  it('lets an answer deny the thoughts asked about, never an act', function () {
    expect(tier('Spurte direkte om selvmordstanker, hun avkrefter')).to.equal('none');
    expect(tier('har tatt 30 paracet, benekter at det var med hensikt')).to.equal('acute');
    expect(tier('benekter plan, men har klare selvmordstanker i dag')).to.equal('acute');
  });

  it('lets a longer, more specific phrase win over the figure of speech inside it', function () {
    expect(tier('står ved rekka på ferja og skal hoppe over bord')).to.equal('acute');
    expect(tier('vi hopper over lunsjen')).to.equal('none');
    expect(tier('vanskelig å henge med i faget')).to.equal('none');
  });

  it('treats a documented denial as no signal, but not a denial beside a real signal', function () {
    expect(tier('benekter selvmordstanker')).to.equal('none');
    expect(tier('benekter selvmordstanker, men har skrevet avskjedsbrev')).to.equal('acute');
  });

  it('gives the possible tier for weaker signs', function () {
    expect(tier('suicidal')).to.equal('possible');
    expect(tier('har tatt noen tabletter')).to.equal('possible');
  });

  it('says what it reacted to, in the words the user wrote', function () {
    const a = detector.assess('Pas. tok en OD i natt');
    expect(a.tier).to.equal('acute');
    expect(a.because).to.equal('tok en OD');
    expect(a.rules).to.include('ACUTE-ACT-OVERDOSE');
    expect(a.matched).to.deep.include({ concept: 'overdose', phrase: 'OD' });
  });

  it('bounds its input: a very long message is read in part, quickly', function () {
    const long = `${'ord '.repeat(50_000)}vil ta livet sitt`;
    const started = Date.now();
    detector.assess(long);
    expect(Date.now() - started).to.be.below(2000);
    expect(detector.assess(undefined).tier).to.equal('none');
    expect(detector.assess('').tier).to.equal('none');
  });

  it('stops on a rule naming an unknown concept, naming the field', function () {
    const broken: SafetyConfig = {
      ...config,
      rules: [
        ...config.rules,
        { id: 'ACUTE-X', tier: 'acute', description: 'broken', all: ['nope'] },
      ],
    };
    expect(() => createAcuteRiskDetector(broken))
      .to.throw(SafetyConfigError)
      .with.property('field', `rules[${config.rules.length}].all[0]`);
  });

  it('stops on a denial limited to a concept that cannot be denied, naming the field', function () {
    const index = config.concepts.findIndex((c) => c.denies !== undefined);
    const denial = config.concepts[index];
    if (!denial) throw new Error('no limited denial in safety.yaml');
    const concepts = [...config.concepts];
    concepts[index] = { ...denial, denies: ['pills'] };
    expect(() => createAcuteRiskDetector({ ...config, concepts }))
      .to.throw(SafetyConfigError)
      .with.property('field', `concepts[${index}].denies[0]`);
  });

  it('stops on a phrase with nothing to match, naming the field', function () {
    const first = config.concepts[0];
    if (!first) throw new Error('no concepts');
    const broken: SafetyConfig = {
      ...config,
      concepts: [{ ...first, phrases: ['!!!'] }, ...config.concepts.slice(1)],
    };
    expect(() => createAcuteRiskDetector(broken)).to.throw(/concepts\[0\]\.phrases\[0\]/);
  });

  it('a wrong safety.yaml stops start-up with file and field', async function () {
    const { cp, mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kb-'));
    await cp(knowledgeDir, dir, { recursive: true });
    const file = path.join(dir, 'safety.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('all: [ingest, overdose]', 'all: [ingest, overdoze]'));
    try {
      await loadKnowledge(dir);
      expect.fail('loaded a broken safety.yaml');
    } catch (err) {
      expect(err).to.be.instanceOf(KnowledgeError);
      expect((err as Error).message).to.match(
        /safety\.yaml: rules\[0\]\.all\[1\]: unknown concept "overdoze"/,
      );
    }
  });
});

describe('Tokens for acute-risk detection', function () {
  const normaliser = createNormaliser({
    words: {},
    emoji: {},
    compounds: [],
    fillers: [],
    clauseBreaks: ['og'],
  });
  const sentences = (text: string): number[] => normaliser.tokens(text).map((t) => t.sentence);

  it('ends a sentence at a full stop, but not at an ordinal ("17. mai", "3. etasje")', function () {
    expect(sentences('han hoppa 17. mai i 3. etasje')).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(sentences('tok 20. Nå sover han')).to.deep.equal([0, 0, 1, 1, 1]);
  });
});

describe('Typo tolerance (Damerau-Levenshtein, optimal string alignment)', function () {
  it('allows 1 edit from 5 letters, 2 from 8, none below', function () {
    expect([4, 5, 7, 8, 12].map(allowedDistance)).to.deep.equal([0, 1, 1, 2, 2]);
  });

  it('counts a swap of neighbours as one edit', function () {
    expect(withinDistance('lievt', 'livet', 1)).to.equal(true);
    expect(withinDistance('overdsoe', 'overdose', 1)).to.equal(true);
    expect(withinDistance('abcde', 'edcba', 2)).to.equal(false);
  });

  it('finds the vocabulary words a typed word may be a typo of, and keeps its cache bounded', function () {
    const index = createTypoIndex(['selvmordstanker', 'overdose', 'henge', 'leve'], 2);
    expect(index.near('selvmrodstanker')).to.deep.equal(['selvmordstanker']);
    expect(index.near('overdoes')).to.deep.equal(['overdose']);
    expect(index.near('lave')).to.deep.equal([]);
    expect(index.near('x'.repeat(100))).to.deep.equal([]);
  });
});
