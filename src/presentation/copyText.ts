/**
 * Text a user copies into their own documentation (a summary, a konsultasjon request, a
 * checklist), as an SDK-free message: plain text with its line breaks (never a code block, which
 * Web Chat shows in monospace and clips at 420 px), marked in channelData so the Web Chat page can
 * put a "Kopier" button under it.
 */
export interface CopyTextMessage {
  readonly type: 'message';
  readonly text: string;
  readonly textFormat: 'plain';
  readonly channelData: { readonly fagstotte: { readonly copyText: true } };
}

export function copyTextMessage(text: string): CopyTextMessage {
  return {
    type: 'message',
    text,
    textFormat: 'plain',
    channelData: { fagstotte: { copyText: true } },
  };
}
