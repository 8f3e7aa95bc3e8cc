/**
 * Global commands that work in every dialog: meny, avbryt, hjelp, akuttrutine. A command is the whole message
 * (so "hjelp meg med AUDIT-C" is a question, not the command), compared case-insensitively
 * with surrounding punctuation ignored.
 */
export type Command = 'menu' | 'cancel' | 'help' | 'acute';

const commandWords: Record<Command, readonly string[]> = {
  menu: [
    'meny',
    'menu',
    'hovedmeny',
    'hovedmenyen',
    'start',
    'start på nytt',
    'begynn på nytt',
    'restart',
  ],
  cancel: ['avbryt', 'stopp', 'stop', 'avslutt', 'slutt', 'cancel', 'glem det'],
  help: ['hjelp', 'help', '?', 'hjelp meg', 'hva kan du', 'hva kan du gjøre'],
  acute: ['akuttrutine', 'akuttrutinen', 'akutt rutine', 'vis akuttrutinen', 'den akutte rutinen'],
};

export function normalizeCommandText(text: string): string {
  return text
    .toLocaleLowerCase('nb-NO')
    .replace(/^[\s"'«»/!.,:;]+|[\s"'«»!.,:;]+$/g, '')
    .replace(/\s+/g, ' ');
}

export function recognizeCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  const normalized = text.trim() === '?' ? '?' : normalizeCommandText(text);
  for (const [command, words] of Object.entries(commandWords) as [Command, readonly string[]][]) {
    if (words.includes(normalized)) return command;
  }
  return undefined;
}
