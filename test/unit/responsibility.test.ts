/**
 * The responsibility decision over the shipped table (knowledge/responsibility.yaml), as a
 * clinician would check it: a table of vignettes (age bands, each disorder combination and
 * severity, neurodevelopmental variants, intellectual disability grades, pregnancy, dementia,
 * transition ages, withdrawal risk) with the expected unit, collaborators, deciding rule and
 * notes; then properties over every input combination: an answer with a source, no unreachable
 * rule, every fact the user gave explained by a reason, UAVKLART always with whom to involve and
 * a next step, and the dialog asking only what can change the answer.
 */
import { expect } from 'chai';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import { decide, type Decision } from '../../src/domain/responsibility/decide.js';
import type { Facts, ReasonTopic, Unit } from '../../src/domain/responsibility/facts.js';
import { nextQuestion } from '../../src/domain/responsibility/questions.js';
import type { ResponsibilityTable } from '../../src/domain/responsibility/table.js';
import { readFileSync } from 'node:fs';
import {
  END,
  START,
  everyCombination,
  renderResponsibilityRules,
  tableProblems,
} from '../../scripts/lib/responsibilityDoc.js';

const base: Facts = {
  ageYears: 40,
  mentalDisorder: 'none',
  substanceDisorder: 'none',
  intellectualDisability: 'none',
  autism: false,
  otherNeurodevelopmental: false,
};

interface Vignette {
  readonly name: string;
  readonly facts: Partial<Facts>;
  readonly unit: Unit;
  readonly collaborate: readonly Unit[];
  readonly rule: string;
  /** notes that must be among the decision's notes */
  readonly notes?: readonly string[];
  /** notes that must not be there (a reason the facts do not support) */
  readonly notNotes?: readonly string[];
}

const vignettes: Vignette[] = [
  // --- under 18
  {
    name: '10 y, severe intellectual disability and a mental disorder → HABU, may ask PHBU (000 §5.6 c)',
    facts: { ageYears: 10, intellectualDisability: 'severe', mentalDisorder: 'moderate' },
    unit: 'HABU',
    collaborate: ['PHBU'],
    rule: 'RESP-U18-HAB-01',
  },
  {
    name: '6 y, profound intellectual disability → HABU',
    facts: { ageYears: 6, intellectualDisability: 'profound' },
    unit: 'HABU',
    collaborate: ['PHBU'],
    rule: 'RESP-U18-HAB-01',
  },
  {
    name: '15 y, severe intellectual disability and a substance problem → UAVKLART with HABU, PHBU, TSB',
    facts: { ageYears: 15, intellectualDisability: 'severe', substanceDisorder: 'moderate' },
    unit: 'UAVKLART',
    collaborate: ['HABU', 'PHBU', 'TSB'],
    rule: 'RESP-U18-HAB-RUS',
  },
  {
    name: '12 y, moderate intellectual disability and a mental disorder → UAVKLART (not in the sources)',
    facts: { ageYears: 12, intellectualDisability: 'moderate', mentalDisorder: 'moderate' },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'HABU'],
    rule: 'RESP-U18-HAB-02',
  },
  {
    name: '16 y, severe opioid dependence → UAVKLART, PHBU and TSB both (000 §5.1), no HMN episode reason',
    facts: { ageYears: 16, substanceDisorder: 'severe' },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'TSB'],
    rule: 'RESP-U18-RUS-01',
    notNotes: ['RESP-NOTE-U18-FORSTE-EPISODE', 'RESP-NOTE-U18-FLERE-EPISODER'],
  },
  {
    name: '16 y, substance problem, answered "no" to intoxication episodes → no first-episode reason',
    facts: { ageYears: 16, substanceDisorder: 'mild', acuteIntoxicationEpisodes: 0 },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'TSB'],
    rule: 'RESP-U18-RUS-01',
    notNotes: ['RESP-NOTE-U18-FORSTE-EPISODE'],
  },
  {
    name: '15 y, first acute intoxication → the HMN first-episode model as an example',
    facts: { ageYears: 15, substanceDisorder: 'mild', acuteIntoxicationEpisodes: 1 },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'TSB'],
    rule: 'RESP-U18-RUS-01',
    notes: ['RESP-NOTE-U18-FORSTE-EPISODE'],
    notNotes: ['RESP-NOTE-U18-FLERE-EPISODER'],
  },
  {
    name: '17 y, repeated intoxications → the HMN several-episodes model as an example',
    facts: { ageYears: 17, substanceDisorder: 'moderate', acuteIntoxicationEpisodes: 3 },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'TSB'],
    rule: 'RESP-U18-RUS-01',
    notes: ['RESP-NOTE-U18-FORSTE-EPISODE', 'RESP-NOTE-U18-FLERE-EPISODER'],
  },
  {
    name: '16 y with ROP → under-18 rule, the mental part to PHBU, ROP guideline not for under 18',
    facts: { ageYears: 16, mentalDisorder: 'severe', substanceDisorder: 'moderate' },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'TSB'],
    rule: 'RESP-U18-RUS-01',
    notes: ['RESP-NOTE-U18-PSYK', 'RESP-NOTE-U18-ROP'],
  },
  {
    name: '14 y with ADHD and a substance problem → UAVKLART, TSB as a rule for the substance part (§5.6 b)',
    facts: { ageYears: 14, otherNeurodevelopmental: true, substanceDisorder: 'moderate' },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'TSB'],
    rule: 'RESP-U18-RUS-01',
    notes: ['RESP-NOTE-NDD', 'RESP-NOTE-U18-RUS'],
  },
  {
    name: '12 y, mild intellectual disability and a mental disorder → PHBU (000 §5.6 a)',
    facts: { ageYears: 12, intellectualDisability: 'mild', mentalDisorder: 'moderate' },
    unit: 'PHBU',
    collaborate: ['HABU'],
    rule: 'RESP-U18-NDD-01',
  },
  {
    name: '9 y with autism and a mental disorder → PHBU',
    facts: { ageYears: 9, autism: true, mentalDisorder: 'mild' },
    unit: 'PHBU',
    collaborate: ['HABU'],
    rule: 'RESP-U18-NDD-01',
  },
  {
    name: '15 y, severe mental disorder → PHBU (000 §3.2)',
    facts: { ageYears: 15, mentalDisorder: 'severe' },
    unit: 'PHBU',
    collaborate: [],
    rule: 'RESP-U18-PSYK-01',
  },
  {
    name: '17 y, mild mental disorder → kommune (000 §3.2, §4.1)',
    facts: { ageYears: 17, mentalDisorder: 'mild' },
    unit: 'KOMMUNE',
    collaborate: ['PHBU'],
    rule: 'RESP-U18-PSYK-02',
  },
  {
    name: '16 y, pregnant with a substance problem → under-18 rule and the pregnancy note',
    facts: { ageYears: 16, substanceDisorder: 'moderate', pregnant: true },
    unit: 'UAVKLART',
    collaborate: ['PHBU', 'TSB'],
    rule: 'RESP-U18-RUS-01',
    notes: ['RESP-NOTE-GRAVID'],
  },
  // --- transition
  {
    name: '20 y, in BUP since before 18, moderate depression → PHBU may continue (with PHV)',
    facts: { ageYears: 20, inPhbuTreatment: true, mentalDisorder: 'moderate' },
    unit: 'PHBU',
    collaborate: ['PHV'],
    rule: 'RESP-UNG-OVERGANG',
  },
  {
    name: '23 y, in BUP → still the transition rule',
    facts: { ageYears: 23, inPhbuTreatment: true, mentalDisorder: 'severe' },
    unit: 'PHBU',
    collaborate: ['PHV'],
    rule: 'RESP-UNG-OVERGANG',
  },
  {
    name: '24 y, in BUP → adult rules (the extension ends at 23)',
    facts: { ageYears: 24, inPhbuTreatment: true, mentalDisorder: 'severe' },
    unit: 'PHV',
    collaborate: [],
    rule: 'RESP-VOKSEN-PSYK-01',
  },
  {
    name: '19 y, not in BUP, moderate anxiety → adult rules',
    facts: { ageYears: 19, mentalDisorder: 'moderate' },
    unit: 'KOMMUNE',
    collaborate: ['PHV'],
    rule: 'RESP-VOKSEN-PSYK-02',
  },
  {
    name: '21 y in BUP with ROP → ROP rules and the transition note',
    facts: {
      ageYears: 21,
      inPhbuTreatment: true,
      mentalDisorder: 'severe',
      substanceDisorder: 'mild',
    },
    unit: 'PHV',
    collaborate: ['TSB'],
    rule: 'RESP-ROP-01',
    notes: ['RESP-NOTE-OVERGANG'],
  },
  // --- adults: intellectual disability and neurodevelopmental disorders
  {
    name: '30 y, moderate intellectual disability and a mental disorder → HAVO with PHV (000 §5.6 d)',
    facts: { ageYears: 30, intellectualDisability: 'moderate', mentalDisorder: 'moderate' },
    unit: 'HAVO',
    collaborate: ['PHV'],
    rule: 'RESP-VOKSEN-HAB-01',
  },
  {
    name: '45 y, severe intellectual disability, a mental and a substance disorder → HAVO, TSB note for the substance',
    facts: {
      ageYears: 45,
      intellectualDisability: 'severe',
      mentalDisorder: 'mild',
      substanceDisorder: 'moderate',
    },
    unit: 'HAVO',
    collaborate: ['PHV'],
    rule: 'RESP-VOKSEN-HAB-01',
    notes: ['RESP-NOTE-HAB-RUS'],
  },
  {
    name: '30 y, moderate intellectual disability and a substance problem only → TSB with HAVO (§5.6 b)',
    facts: { ageYears: 30, intellectualDisability: 'moderate', substanceDisorder: 'moderate' },
    unit: 'TSB',
    collaborate: ['HAVO'],
    rule: 'RESP-VOKSEN-HAB-RUS',
  },
  {
    name: '35 y, mild intellectual disability and a mental disorder → PHV (000 §5.6 a)',
    facts: { ageYears: 35, intellectualDisability: 'mild', mentalDisorder: 'moderate' },
    unit: 'PHV',
    collaborate: [],
    rule: 'RESP-VOKSEN-NDD-01',
  },
  {
    name: '30 y with ADHD, mild anxiety and severe amphetamine dependence → TSB, as without ADHD (ROP 8.1)',
    facts: {
      ageYears: 30,
      otherNeurodevelopmental: true,
      mentalDisorder: 'mild',
      substanceDisorder: 'severe',
    },
    unit: 'TSB',
    collaborate: ['PHV'],
    rule: 'RESP-ROP-02',
    notes: ['RESP-NOTE-NDD'],
  },
  {
    name: '28 y with autism, a severe mental and a mild substance disorder → PHV (ROP 8.1), NDD note',
    facts: { ageYears: 28, autism: true, mentalDisorder: 'severe', substanceDisorder: 'mild' },
    unit: 'PHV',
    collaborate: ['TSB'],
    rule: 'RESP-ROP-01',
    notes: ['RESP-NOTE-NDD'],
  },
  {
    name: '26 y with ADHD and a substance problem only → TSB (000 §5.6 b)',
    facts: { ageYears: 26, otherNeurodevelopmental: true, substanceDisorder: 'moderate' },
    unit: 'TSB',
    collaborate: [],
    rule: 'RESP-VOKSEN-NDD-02',
  },
  // --- adults: ROP
  {
    name: 'severe mental disorder and a mild substance disorder → PHV (ROP 8.1, 8.4.1)',
    facts: { mentalDisorder: 'severe', substanceDisorder: 'mild' },
    unit: 'PHV',
    collaborate: ['TSB'],
    rule: 'RESP-ROP-01',
    notes: ['RESP-NOTE-AKUTT-PSYKOSE', 'RESP-NOTE-ROP-FOLGE-OPP', 'RESP-NOTE-ROP-TVIL'],
  },
  {
    name: 'severe mental and severe substance disorder → PHV, HOTL note',
    facts: { mentalDisorder: 'severe', substanceDisorder: 'severe' },
    unit: 'PHV',
    collaborate: ['TSB'],
    rule: 'RESP-ROP-01',
    notes: ['RESP-NOTE-HOTL'],
  },
  {
    name: 'moderate mental and severe substance disorder → TSB (ROP 8.1 figure)',
    facts: { mentalDisorder: 'moderate', substanceDisorder: 'severe' },
    unit: 'TSB',
    collaborate: ['PHV'],
    rule: 'RESP-ROP-02',
  },
  {
    name: 'both less severe, substance dominates → TSB (8.4.3)',
    facts: { mentalDisorder: 'mild', substanceDisorder: 'moderate', dominantDisorder: 'substance' },
    unit: 'TSB',
    collaborate: ['PHV'],
    rule: 'RESP-ROP-03',
  },
  {
    name: 'both less severe, mental disorder dominates → PHV (8.4.3)',
    facts: { mentalDisorder: 'moderate', substanceDisorder: 'mild', dominantDisorder: 'mental' },
    unit: 'PHV',
    collaborate: ['TSB'],
    rule: 'RESP-ROP-04',
  },
  {
    name: 'both less severe, dominance not given → UAVKLART with PHV and TSB, asks for it',
    facts: { mentalDisorder: 'mild', substanceDisorder: 'mild' },
    unit: 'UAVKLART',
    collaborate: ['PHV', 'TSB'],
    rule: 'RESP-ROP-05',
  },
  // --- adults: one disorder
  {
    name: 'severe mental disorder only → PHV, acute psychosis note',
    facts: { mentalDisorder: 'severe' },
    unit: 'PHV',
    collaborate: [],
    rule: 'RESP-VOKSEN-PSYK-01',
    notes: ['RESP-NOTE-AKUTT-PSYKOSE'],
  },
  {
    name: 'moderate mental disorder only → kommune (NHSP aim in 000 §4.1)',
    facts: { mentalDisorder: 'moderate' },
    unit: 'KOMMUNE',
    collaborate: ['PHV'],
    rule: 'RESP-VOKSEN-PSYK-02',
  },
  {
    name: 'severe substance disorder only → TSB with kommune',
    facts: { substanceDisorder: 'severe' },
    unit: 'TSB',
    collaborate: ['KOMMUNE'],
    rule: 'RESP-VOKSEN-RUS-01',
    notes: ['RESP-NOTE-RETTIGHETER-RUS', 'RESP-NOTE-HOTL'],
  },
  {
    name: 'moderate alcohol use disorder only (the common somatic-ward case) → kommune, refer to TSB if it persists',
    facts: { ageYears: 55, substanceDisorder: 'moderate' },
    unit: 'KOMMUNE',
    collaborate: ['TSB'],
    rule: 'RESP-VOKSEN-RUS-02',
    notes: ['RESP-NOTE-RETTIGHETER-RUS'],
  },
  {
    name: 'mild substance problem only → kommune',
    facts: { substanceDisorder: 'mild' },
    unit: 'KOMMUNE',
    collaborate: ['TSB'],
    rule: 'RESP-VOKSEN-RUS-02',
  },
  {
    name: 'severe substance disorder with risk of severe withdrawal → TSB and the withdrawal note',
    facts: { substanceDisorder: 'severe', withdrawalRisk: true },
    unit: 'TSB',
    collaborate: ['KOMMUNE'],
    rule: 'RESP-VOKSEN-RUS-01',
    notes: ['RESP-NOTE-ABSTINENS'],
  },
  // --- pregnancy
  {
    name: '28 y, pregnant with a moderate substance problem → TSB (øyeblikkelig hjelp), § 10-3 note',
    facts: { ageYears: 28, pregnant: true, substanceDisorder: 'moderate' },
    unit: 'TSB',
    collaborate: ['KOMMUNE'],
    rule: 'RESP-GRAVID-RUS-01',
    notes: ['RESP-NOTE-GRAVID'],
  },
  {
    name: '31 y, pregnant with a severe psychosis and a substance problem → PHV (ROP), pregnancy note',
    facts: {
      ageYears: 31,
      pregnant: true,
      mentalDisorder: 'severe',
      substanceDisorder: 'moderate',
    },
    unit: 'PHV',
    collaborate: ['TSB'],
    rule: 'RESP-ROP-01',
    notes: ['RESP-NOTE-GRAVID'],
  },
  {
    name: 'pregnant without a substance problem → pregnancy changes nothing',
    facts: { ageYears: 30, pregnant: true, mentalDisorder: 'moderate' },
    unit: 'KOMMUNE',
    collaborate: ['PHV'],
    rule: 'RESP-VOKSEN-PSYK-02',
    notNotes: ['RESP-NOTE-GRAVID'],
  },
  // --- dementia and organic disorders
  {
    name: '82 y with dementia and severe behavioural symptoms → UAVKLART, fastlege and PHV, no acute-psychosis reason',
    facts: { ageYears: 82, organicOrDementia: true, mentalDisorder: 'severe' },
    unit: 'UAVKLART',
    collaborate: ['KOMMUNE', 'PHV'],
    rule: 'RESP-DEMENS-01',
    notNotes: ['RESP-NOTE-AKUTT-PSYKOSE'],
  },
  {
    name: '70 y with dementia and alcohol problems → dementia rule and the substance note',
    facts: { ageYears: 70, organicOrDementia: true, substanceDisorder: 'moderate' },
    unit: 'UAVKLART',
    collaborate: ['KOMMUNE', 'PHV'],
    rule: 'RESP-DEMENS-01',
    notes: ['RESP-NOTE-DEMENS-RUS'],
  },
  {
    name: '50 y with Down syndrome (moderate ID) and dementia → habilitering assesses the dementia',
    facts: { ageYears: 50, organicOrDementia: true, intellectualDisability: 'moderate' },
    unit: 'UAVKLART',
    collaborate: ['KOMMUNE', 'PHV'],
    rule: 'RESP-DEMENS-01',
    notes: ['RESP-NOTE-DEMENS-HAB'],
  },
  // --- nothing given
  {
    name: 'no disorder at all → UAVKLART with kommune and a next step',
    facts: {},
    unit: 'UAVKLART',
    collaborate: ['KOMMUNE'],
    rule: 'RESP-INGEN-LIDELSE',
  },
  {
    name: 'adult with moderate intellectual disability only → UAVKLART, habilitering named in the next step',
    facts: { intellectualDisability: 'moderate' },
    unit: 'UAVKLART',
    collaborate: ['KOMMUNE'],
    rule: 'RESP-INGEN-LIDELSE',
  },
];

/** Every fact the user gave, as the topic a reason must explain. */
function topicsGiven(f: Facts): ReasonTopic[] {
  const t: ReasonTopic[] = [];
  if (f.mentalDisorder !== 'none') t.push('mental');
  if (f.substanceDisorder !== 'none') t.push('substance');
  if (f.intellectualDisability !== 'none') t.push('intellectualDisability');
  if (f.autism || f.otherNeurodevelopmental) t.push('neurodevelopmental');
  // Organic disorders are asked about for adults; for children the sources are silent (a caveat).
  if (f.organicOrDementia && f.ageYears >= 18) t.push('dementia');
  if (f.pregnant && f.substanceDisorder !== 'none') t.push('pregnancy');
  if (f.withdrawalRisk && f.substanceDisorder !== 'none') t.push('withdrawal');
  if (f.inPhbuTreatment && f.ageYears >= 18 && f.ageYears <= 23 && f.mentalDisorder !== 'none')
    t.push('transition');
  return t;
}

describe('Hvem har ansvaret? (knowledge/responsibility.yaml)', function () {
  let table: ResponsibilityTable;
  let decisions: { facts: Facts; d: Decision }[];

  before(async function () {
    this.timeout(60_000);
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    if (!kb.responsibility) throw new Error('knowledge/responsibility.yaml missing');
    table = kb.responsibility;
    decisions = [];
    for (const facts of everyCombination()) decisions.push({ facts, d: decide(table, facts) });
  });

  describe('vignettes', function () {
    it('has at least 40, and every rule has one', function () {
      expect(vignettes.length).to.be.at.least(40);
      const covered = new Set(vignettes.map((v) => v.rule));
      const missing = table.rules.map((r) => r.id).filter((id) => !covered.has(id));
      // RESP-DEFAULT is the safety net: the property test below shows nothing reaches it.
      expect(missing).to.deep.equal(['RESP-DEFAULT']);
    });

    for (const v of vignettes) {
      it(`${v.name} [${v.rule}]`, function () {
        const d = decide(table, { ...base, ...v.facts });
        expect(d.ruleId).to.equal(v.rule);
        expect(d.unit).to.equal(v.unit);
        expect([...d.collaborate].sort()).to.deep.equal([...v.collaborate].sort());
        for (const n of v.notes ?? []) expect(d.noteIds, n).to.include(n);
        for (const n of v.notNotes ?? []) expect(d.noteIds, n).to.not.include(n);
        expect(d.reasons.length).to.be.at.least(1);
      });
    }
  });

  describe('every input combination', function () {
    it('gets an answer with at least one reason and one source', function () {
      const bad = decisions.filter(
        ({ d }) => d.reasons.length === 0 || d.reasons.some((r) => r.sources.length === 0),
      );
      expect(bad.map((b) => b.facts)).to.deep.equal([]);
    });

    it('reaches every rule except the safety net (no unreachable rule)', function () {
      const reached = new Set(decisions.map(({ d }) => d.ruleId));
      const unreachable = table.rules.map((r) => r.id).filter((id) => !reached.has(id));
      expect(unreachable).to.deep.equal(['RESP-DEFAULT']);
      const notes = new Set(decisions.flatMap(({ d }) => d.noteIds));
      expect(table.notes.map((n) => n.id).filter((id) => !notes.has(id))).to.deep.equal([]);
    });

    it('explains every disorder and circumstance the user gave with a reason about it', function () {
      const gaps = decisions
        .map(({ facts, d }) => {
          const about = new Set(d.reasons.flatMap((r) => r.about));
          return {
            facts,
            rule: d.ruleId,
            missing: topicsGiven(facts).filter((t) => !about.has(t)),
          };
        })
        .filter((g) => g.missing.length > 0);
      expect(gaps.slice(0, 5)).to.deep.equal([]);
    });

    it('names whom to involve and a next step whenever the answer is UAVKLART', function () {
      const bare = decisions.filter(
        ({ d }) => d.unit === 'UAVKLART' && (d.collaborate.length === 0 || !d.nextStep),
      );
      expect(bare.map((b) => b.d.ruleId)).to.deep.equal([]);
    });

    it('never applies the ROP guideline to a child, nor the under-18 rules to an adult', function () {
      const wrong = decisions.filter(
        ({ facts, d }) =>
          (facts.ageYears < 18 && /^RESP-ROP-/.test(d.ruleId)) ||
          (facts.ageYears >= 18 && /^RESP-U18-/.test(d.ruleId)),
      );
      expect(wrong.length).to.equal(0);
    });
  });

  it('kb:check finds no unreachable rule or note and no unsourced answer', function () {
    this.timeout(60_000);
    expect(tableProblems(table)).to.deep.equal([]);
  });

  it("the README's list of rules is generated from the table (npm run docs:responsibility)", async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    const readme = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(block, 'run npm run docs:responsibility').to.equal(
      renderResponsibilityRules(table, kb.sources),
    );
  });

  describe('which question comes next', function () {
    it('starts with the age', function () {
      expect(nextQuestion(table, {})).to.equal('ageYears');
    });

    it('asks nothing more for a child with profound intellectual disability and no substance problem', function () {
      const known: Partial<Facts> = {
        ageYears: 6,
        intellectualDisability: 'profound',
        organicOrDementia: false,
        substanceDisorder: 'none',
      };
      expect(nextQuestion(table, known)).to.equal(undefined);
    });

    it('asks which disorder dominates only when both are less severe (adult)', function () {
      const adult: Partial<Facts> = {
        ageYears: 40,
        intellectualDisability: 'none',
        autism: false,
        otherNeurodevelopmental: false,
        organicOrDementia: false,
      };
      expect(
        nextQuestion(table, { ...adult, mentalDisorder: 'mild', substanceDisorder: 'moderate' }),
      ).to.equal('dominantDisorder');
      expect(
        nextQuestion(table, { ...adult, mentalDisorder: 'severe', substanceDisorder: 'moderate' }),
      ).to.not.equal('dominantDisorder');
    });

    it('asks about pregnancy and withdrawal only when there is a substance problem', function () {
      const adult: Partial<Facts> = {
        ageYears: 40,
        intellectualDisability: 'none',
        autism: false,
        otherNeurodevelopmental: false,
        organicOrDementia: false,
        mentalDisorder: 'moderate',
      };
      expect(nextQuestion(table, { ...adult, substanceDisorder: 'none' })).to.equal(undefined);
      expect(nextQuestion(table, { ...adult, substanceDisorder: 'moderate' })).to.equal(
        'dominantDisorder',
      );
      expect(
        nextQuestion(table, {
          ...adult,
          substanceDisorder: 'moderate',
          dominantDisorder: 'mental',
        }),
      ).to.equal('pregnant');
      expect(
        nextQuestion(table, {
          ...adult,
          substanceDisorder: 'moderate',
          dominantDisorder: 'mental',
          pregnant: false,
        }),
      ).to.equal('withdrawalRisk');
    });

    it('asks about BUP treatment only for 18–23-year-olds, and episodes only for under-18s with a substance problem', function () {
      const young: Partial<Facts> = {
        intellectualDisability: 'none',
        autism: false,
        otherNeurodevelopmental: false,
        organicOrDementia: false,
        mentalDisorder: 'moderate',
        substanceDisorder: 'none',
      };
      expect(nextQuestion(table, { ...young, ageYears: 20 })).to.equal('inPhbuTreatment');
      expect(nextQuestion(table, { ...young, ageYears: 30 })).to.equal(undefined);
      expect(
        nextQuestion(table, { ...young, ageYears: 16, substanceDisorder: 'mild', pregnant: false }),
      ).to.equal('withdrawalRisk');
      expect(
        nextQuestion(table, {
          ...young,
          ageYears: 16,
          substanceDisorder: 'mild',
          pregnant: false,
          withdrawalRisk: false,
        }),
      ).to.equal('acuteIntoxicationEpisodes');
    });
  });
});
