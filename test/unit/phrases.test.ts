import { expect } from 'chai';
import { mentionsPhrase } from '../../src/domain/knowledge/phrases.js';

describe('Flow names in a question (mentionsPhrase)', function () {
  it('finds a phrase folded, with typos in longer words and inflected or compound words', function () {
    expect(mentionsPhrase('barn som pårørnde', 'barn som pårørende')).to.equal(true);
    expect(mentionsPhrase('Barn som parorende?', 'barn som pårørende')).to.equal(true);
    expect(mentionsPhrase('audit c', 'audit-c')).to.equal(true);
    expect(mentionsPhrase('BUP eller TSB 16 år', 'bup eller tsb')).to.equal(true);
    expect(mentionsPhrase('hvem har ansvaret for rop', 'hvem har ansvar')).to.equal(true);
    expect(
      mentionsPhrase('selvmordsrisko og selvskadning', 'selvmordsrisiko og selvskading'),
    ).to.equal(true);
  });

  it('needs the words in order, and short words exactly', function () {
    expect(mentionsPhrase('TSB eller BUP', 'bup eller tsb')).to.equal(false);
    expect(mentionsPhrase('bup elle tsb', 'bup eller tsb')).to.equal(true);
    expect(mentionsPhrase('bop eller tsb', 'bup eller tsb')).to.equal(false);
    expect(mentionsPhrase('barn som pasient', 'barn som pårørende')).to.equal(false);
    expect(mentionsPhrase('parkering for pårørende', 'barn som pårørende')).to.equal(false);
    expect(mentionsPhrase('', 'audit')).to.equal(false);
  });
});
