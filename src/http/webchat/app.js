// Starts Bot Framework Web Chat against the embedded Direct Line endpoint of this server.
(async function () {
  'use strict';
  const status = document.getElementById('status');
  try {
    const res = await fetch('/webchat/token', { method: 'POST' });
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
    const { token } = await res.json();
    const directLine = window.WebChat.createDirectLine({
      token: token,
      domain: window.location.origin + '/v3/directline',
      webSocket: false,
      pollingInterval: 500,
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: 'nb-NO',
        styleOptions: {
          accent: '#0b6e69',
          botAvatarInitials: 'FS',
          hideUploadButton: true,
          suggestedActionLayout: 'flow',
          sendBoxTextWrap: true,
        },
      },
      document.getElementById('webchat'),
    );
    document.querySelector('#webchat input, #webchat textarea')?.focus();
  } catch (err) {
    status.hidden = false;
    status.textContent =
      'Kunne ikke koble til Fagstøtte (' + err.message + '). Last siden på nytt.';
  }
})();
