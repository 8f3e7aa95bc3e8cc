// Starts Bot Framework Web Chat against the embedded Direct Line endpoint of this server.
(async function () {
  'use strict';
  const status = document.getElementById('status');
  try {
    const res = await fetch('/webchat/token', { method: 'POST' });
    if (res.status === 401) {
      throw new Error('du må være logget inn via sykehusets innlogging');
    }
    if (res.status === 403) throw new Error('nettpraten er slått av på denne serveren');
    if (res.status === 429) throw new Error('for mange forsøk; vent et minutt');
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
