// Starts Bot Framework Web Chat against the embedded Direct Line endpoint of this server.
//
// Two additions through Web Chat's public API:
// - a store middleware masks every valid fødselsnummer / D-nummer in what the user sends, before
//   Web Chat shows it in the user's own bubble or posts it (window.FagstottePatientId is a browser
//   build of the server's detector, src/domain/safety/patientId.ts);
// - an attachment middleware shows copy text (messages the bot marks with
//   channelData.fagstotte.copyText) with its line breaks, wrapped, and a «Kopier» button under it.
(async function () {
  'use strict';
  const React = window.React;
  const h = React.createElement;
  const status = document.getElementById('status');
  const announce = document.getElementById('announce');
  /** Where this browser keeps the user id the server gave it (see POST /webchat/token). */
  const USER_KEY = 'fagstotte.webchatUser';

  const notice = document.getElementById('notice');
  let noticeTimer = null;

  /** Shows `message` above the chat for a while (what the page did on its own, e.g. masking). */
  function showNotice(message) {
    notice.textContent = message;
    notice.hidden = false;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () {
      notice.hidden = true;
    }, 15000);
  }

  /** Says `message` to screen readers through the page's polite live region. */
  function say(message) {
    announce.textContent = '';
    window.setTimeout(function () {
      announce.textContent = message;
    }, 50);
  }

  // --- Privacy: mask identity numbers before the message leaves the page -----------------------

  const patientId = window.FagstottePatientId;

  /** The outgoing activity with every identity number masked, or the same object if none. */
  function maskedActivity(activity) {
    let changed = false;
    const out = Object.assign({}, activity);
    if (typeof activity.text === 'string' && patientId.containsPatientId(activity.text)) {
      out.text = patientId.maskPatientIds(activity.text);
      changed = true;
    }
    if (activity.value !== undefined) {
      const value = patientId.maskPatientIdsDeep(activity.value);
      if (JSON.stringify(value) !== JSON.stringify(activity.value)) {
        out.value = value;
        changed = true;
      }
    }
    return changed ? out : activity;
  }

  const maskOutgoing = function () {
    return function (next) {
      return function (action) {
        const activity = action.payload && action.payload.activity;
        if (
          action.type === 'DIRECT_LINE/POST_ACTIVITY' &&
          activity &&
          activity.type === 'message'
        ) {
          const masked = maskedActivity(activity);
          if (masked !== activity) {
            const removed =
              'Fødselsnummeret er fjernet fra meldingen din før den ble sendt. Skriv aldri noe som kan identifisere en pasient.';
            showNotice(removed);
            say(removed);
            return next(
              Object.assign({}, action, {
                payload: Object.assign({}, action.payload, { activity: masked }),
              }),
            );
          }
        }
        return next(action);
      };
    };
  };

  // --- Copy text with a «Kopier» button ---------------------------------------------------------

  /** Copies `text` to the clipboard: the Clipboard API, or a hidden textarea and execCommand. */
  async function copy(text) {
    try {
      if (window.navigator.clipboard && window.isSecureContext) {
        await window.navigator.clipboard.writeText(text);
        return true;
      }
    } catch {
      // Not allowed here (no permission, not focused): fall back below.
    }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'copy-fallback';
    document.body.appendChild(area);
    area.select();
    let ok;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }

  function CopyText(props) {
    const [state, setState] = React.useState('idle');
    const timer = React.useRef(0);
    React.useEffect(function () {
      return function () {
        window.clearTimeout(timer.current);
      };
    }, []);
    const onClick = async function () {
      const ok = await copy(props.text);
      setState(ok ? 'copied' : 'failed');
      say(ok ? 'Kopiert' : 'Kunne ikke kopiere. Merk teksten og kopier den selv.');
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(function () {
        setState('idle');
      }, 4000);
    };
    return h(
      'div',
      { className: 'copy-text' },
      h('div', { className: 'copy-text__text' }, props.text),
      h(
        'div',
        { className: 'copy-text__actions' },
        h(
          'button',
          { type: 'button', className: 'copy-text__button', onClick: onClick },
          state === 'copied' ? 'Kopiert ✓' : 'Kopier',
        ),
        state === 'failed'
          ? h(
              'span',
              { className: 'copy-text__failed' },
              'Kunne ikke kopiere. Merk teksten og kopier den selv.',
            )
          : null,
      ),
    );
  }

  function isCopyText(activity) {
    const data = activity && activity.channelData && activity.channelData.fagstotte;
    return Boolean(data && data.copyText === true && typeof activity.text === 'string');
  }

  const copyTextAttachment = function () {
    return function (next) {
      return function (args) {
        const attachment = args.attachment;
        if (
          isCopyText(args.activity) &&
          attachment &&
          attachment.contentType === 'text/plain' &&
          attachment.content === args.activity.text
        ) {
          return h(CopyText, { text: args.activity.text });
        }
        return next(args);
      };
    };
  };

  // --- Layout -----------------------------------------------------------------------------------

  /** Web Chat's style options; on a narrow screen (a phone, a split window) smaller everything. */
  function styleOptions(narrow) {
    return {
      accent: '#0b6e69',
      // Subtle text (timestamps, a card's subtle text) dark enough for 4.5:1 on a card's grey
      // show-card background too (Web Chat's #767676 is 4.5:1 only on white).
      subtle: '#595959',
      botAvatarInitials: 'FS',
      avatarSize: narrow ? 28 : 40,
      hideUploadButton: true,
      suggestedActionLayout: 'flow',
      suggestedActionHeight: narrow ? 32 : 36,
      suggestedActionBorderWidth: 1,
      suggestedActionBorderRadius: 4,
      bubbleMaxWidth: 600,
      bubbleMinWidth: narrow ? 0 : 250,
      paddingRegular: narrow ? 6 : 10,
      paddingWide: narrow ? 10 : 20,
      sendBoxTextWrap: true,
    };
  }

  // --- Team inbox page (/team/<unit>): this window becomes the unit's inbox ---------------------

  // On /team/<unit> (local trials without Teams) the page registers its conversation as the
  // unit's konsultasjon inbox once connected (the server accepts this only from the team page's
  // post back, and only with TEAM_INBOX_WEBCHAT).
  const teamPage = /^\/team\/([a-z0-9-]+)$/.exec(window.location.pathname);
  const teamUnit = teamPage ? teamPage[1] : undefined;
  if (teamUnit) {
    document.title = 'Fagstøtte – innboks for tilsyn fra TSB';
    document.querySelector('.tagline').textContent =
      'Innboks for tilsyn fra TSB: forespørsler fra avdelingene kommer hit.';
  }
  const registerTeam = function (store) {
    return function (next) {
      return function (action) {
        const result = next(action);
        if (teamUnit && action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
          // A post back: the page's own request, not a message the user typed (no bubble).
          store.dispatch({
            type: 'WEB_CHAT/SEND_POST_BACK',
            payload: { value: { teamInbox: { register: teamUnit } } },
          });
        }
        return result;
      };
    };
  };

  // --- Start -------------------------------------------------------------------------------------

  try {
    // The user id this browser was given before, so the bot knows it again (Opplæring progress
    // and repetition follow the user). Signed in, the server derives it from the sign-in instead.
    let keptUser = null;
    try {
      keptUser = window.localStorage.getItem(USER_KEY);
    } catch {
      keptUser = null;
    }
    const res = await fetch('/webchat/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(keptUser ? { userId: keptUser } : {}),
    });
    const refusals = {
      401: 'Nettpraten krever innlogging. Åpne Fagstøtte via sykehusets innlogging, eller bruk Fagstøtte i Teams.',
      403: 'Nettpraten er slått av på denne serveren. Bruk Fagstøtte i Teams.',
      429: 'For mange forsøk på kort tid. Vent et minutt og last siden på nytt.',
    };
    if (refusals[res.status]) {
      status.hidden = false;
      status.textContent = refusals[res.status];
      document.getElementById('webchat').hidden = true;
      return;
    }
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const { token, userId } = await res.json();
    try {
      if (userId) window.localStorage.setItem(USER_KEY, userId);
    } catch {
      // No storage (private mode, policy): a new user id each visit.
    }
    const directLine = window.WebChat.createDirectLine({
      token: token,
      domain: window.location.origin + '/v3/directline',
      webSocket: false,
      pollingInterval: 500,
    });
    const store = window.WebChat.createStore({}, maskOutgoing, registerTeam);
    const narrow = window.matchMedia('(max-width: 600px)');
    const render = function () {
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          store: store,
          attachmentMiddleware: copyTextAttachment,
          locale: 'nb-NO',
          styleOptions: styleOptions(narrow.matches),
        },
        document.getElementById('webchat'),
      );
    };
    render();
    narrow.addEventListener('change', render);
    document.querySelector('#webchat input, #webchat textarea')?.focus();
  } catch (err) {
    status.hidden = false;
    status.textContent =
      'Kunne ikke koble til Fagstøtte (' + err.message + '). Last siden på nytt.';
  }
})();
