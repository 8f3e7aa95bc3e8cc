import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, createMemoryLogger, silentLogger } from '../../src/shared/logger.js';

const ELEVEN_DIGITS = /(?<!\d)\d{11}(?!\d)/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function parse(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Logger (winston, JSON lines, redacted)', function () {
  it('writes one valid JSON line per entry with timestamp, level, message and service', function () {
    const { logger, lines } = createMemoryLogger('info');
    logger.info('Listening', { url: 'http://127.0.0.1:3978' });
    logger.warn('Slow turn', { ms: 1200 });

    const entries = parse(lines());
    expect(entries).to.have.length(2);
    expect(entries[0]).to.include({
      level: 'info',
      message: 'Listening',
      service: 'fagstotte',
      url: 'http://127.0.0.1:3978',
    });
    expect(entries[0]?.timestamp).to.be.a('string').and.match(ISO_TIMESTAMP);
    expect(entries[1]).to.include({ level: 'warn', message: 'Slow turn', ms: 1200 });
    expect(Object.keys(entries[0] ?? {}).slice(0, 4)).to.deep.equal([
      'timestamp',
      'level',
      'message',
      'service',
    ]);
  });

  it('never writes an 11-digit number or an e-mail address from the message, metadata or an Error', function () {
    const { logger, lines } = createMemoryLogger('debug');
    const err = new Error('Oppslag på 13097248022 for kari.nordmann@sykehus.no feilet');
    logger.error('Bruker 01019912345 skrev ola@helse.no', {
      error: err,
      activity: {
        from: { name: 'Kari', email: 'kari@sykehus.no' },
        text: 'fnr 010199 12345',
        history: [{ text: '12345678901' }, ['nested', 'x@y.no', { fnr: 13097248022 }]],
      },
    });

    const all = lines().join('\n');
    expect(lines()).to.have.length(1);
    expect(all).to.not.match(ELEVEN_DIGITS);
    expect(all).to.not.match(EMAIL);
    expect(all).to.not.include('010199 12345');

    const [entry] = parse(lines());
    expect(entry?.message).to.equal('Bruker [fnr] skrev [e-post]');
    const error = entry?.error as { name: string; message: string; stack: string };
    expect(error.name).to.equal('Error');
    expect(error.message).to.equal('Oppslag på [fnr] for [e-post] feilet');
    expect(error.stack).to.match(/^Error: Oppslag på \[fnr\] for \[e-post\] feilet\n\s+at /);
    expect(entry?.activity).to.deep.equal({
      from: { name: 'Kari', email: '[e-post]' },
      text: 'fnr [fnr]',
      history: [{ text: '[fnr]' }, ['nested', '[e-post]', { fnr: '[fnr]' }]],
    });
  });

  it('does not modify the metadata object it was given', function () {
    const { logger } = createMemoryLogger('debug');
    const meta = { text: '13097248022' };
    logger.info('x', meta);
    expect(meta).to.deep.equal({ text: '13097248022' });
  });

  it('drops entries below the configured level', function () {
    const { logger, lines } = createMemoryLogger('warn');
    logger.debug('debug');
    logger.info('info');
    logger.warn('warn');
    logger.error('error');
    expect(parse(lines()).map((e) => e.level)).to.deep.equal(['warn', 'error']);
  });

  it('writes everything at level debug', function () {
    const { logger, lines } = createMemoryLogger('debug');
    logger.debug('d');
    logger.info('i');
    expect(parse(lines()).map((e) => e.message)).to.deep.equal(['d', 'i']);
  });

  it('adds child metadata to every entry and keeps redaction in child loggers', function () {
    const { logger, lines } = createMemoryLogger('debug');
    const child = logger.child({ conversationId: 'c-1', user: 'ola@helse.no' });
    const grandchild = child.child({ turn: 2 });
    child.info('Melding fra 13097248022', { phone: '+47 22 33 44 55' });
    grandchild.warn('Nested', { note: 'D-nr 53097248016' });
    logger.info('Parent');

    const entries = parse(lines());
    expect(lines().join('\n')).to.not.match(ELEVEN_DIGITS).and.not.match(EMAIL);
    expect(entries[0]).to.include({
      conversationId: 'c-1',
      user: '[e-post]',
      message: 'Melding fra [fnr]',
      phone: '[telefon]',
    });
    expect(entries[1]).to.include({ conversationId: 'c-1', turn: 2, note: 'D-nr [fnr]' });
    expect(entries[2]).to.not.have.property('conversationId');
  });

  it('keeps metadata named like a reserved field under "meta.<name>" instead of overwriting it', function () {
    const { logger, lines } = createMemoryLogger('debug');
    logger.info('The message', { message: 'other', level: 'error', service: 'x', timestamp: 1 });
    const [entry] = parse(lines());
    expect(entry).to.include({
      level: 'info',
      message: 'The message',
      service: 'fagstotte',
      'meta.message': 'other',
      'meta.level': 'error',
      'meta.service': 'x',
      'meta.timestamp': 1,
    });
  });

  it('writes through any winston transport given to createLogger, with a custom service', function () {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback): void {
        written.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger({
      level: 'info',
      service: 'fagstotte-test',
      transports: [new winston.transports.Stream({ stream })],
    });
    logger.info('hei', { email: 'a@b.no' });
    expect(written).to.have.length(1);
    expect(JSON.parse(written[0] ?? '')).to.include({
      message: 'hei',
      service: 'fagstotte-test',
      email: '[e-post]',
    });
  });

  it('provides a silent logger that accepts every call and writes nothing', function () {
    expect(() => {
      silentLogger.error('x', { a: 1 });
      silentLogger.warn('x');
      silentLogger.info('x');
      silentLogger.debug('x');
      silentLogger.child({ a: 1 }).info('x');
    }).to.not.throw();
    expect(silentLogger.child({})).to.equal(silentLogger);
  });
});
