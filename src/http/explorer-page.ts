/**
 * The explorer's own page, script and style. They are served as files rather than inline, so that the page's
 * Content-Security-Policy allows scripts and styles from this server only ('self'), with no inline code at all.
 */

/** The page; `assets` is the path of the explorer's files, relative to the page's own. */
export function explorerPage(assets: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>hoego GraphQL explorer</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${assets}/graphiql.css" />
    <link rel="stylesheet" href="${assets}/explorer.css" />
  </head>
  <body>
    <form id="token-form">
      <label for="token">Token</label>
      <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" placeholder="hoego_…" />
      <button type="submit">Use token</button>
      <button type="button" id="forget">Forget</button>
      <span id="token-status" role="status"></span>
    </form>
    <div id="graphiql"></div>
    <script src="${assets}/react.js"></script>
    <script src="${assets}/react-dom.js"></script>
    <script src="${assets}/graphiql.js"></script>
    <script src="${assets}/explorer.js"></script>
  </body>
</html>
`;
}

/** Keeps the token in this tab's session storage only and sends it as a bearer token with every request. */
export const EXPLORER_SCRIPT = `(function () {
  'use strict';
  var KEY = 'hoego.token';
  var form = document.getElementById('token-form');
  var input = document.getElementById('token');
  var status = document.getElementById('token-status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var endpoint = window.location.pathname;
  var generation = 0;

  function token() {
    return window.sessionStorage.getItem(KEY) || '';
  }

  function authorizedFetch(url, init) {
    var headers = new Headers((init && init.headers) || {});
    var current = token();
    if (current) headers.set('Authorization', 'Bearer ' + current);
    return window.fetch(url, Object.assign({}, init, { headers: headers }));
  }

  function render() {
    generation += 1;
    if (!token()) {
      // Without a token every request would be refused: GraphiQL waits for one.
      status.textContent = 'Enter a token to load the schema.';
      root.render(null);
      return;
    }
    status.textContent = 'Token set for this tab.';
    // A new key mounts GraphiQL afresh, so it fetches the schema again with the new token.
    root.render(
      React.createElement(GraphiQL, {
        key: generation,
        fetcher: GraphiQL.createFetcher({ url: endpoint, fetch: authorizedFetch }),
        defaultQuery: '{ viewer { handle } }',
        inputValueDeprecation: true,
        schemaDescription: true,
        shouldPersistHeaders: false,
      }),
    );
  }

  input.value = token();
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    window.sessionStorage.setItem(KEY, input.value.trim());
    render();
  });
  document.getElementById('forget').addEventListener('click', function () {
    window.sessionStorage.removeItem(KEY);
    input.value = '';
    render();
  });
  render();
})();
`;

export const EXPLORER_STYLE = `html,
body {
  height: 100%;
  margin: 0;
}
body {
  display: flex;
  flex-direction: column;
  font-family: system-ui, sans-serif;
}
#token-form {
  display: flex;
  gap: 0.5rem;
  align-items: center;
  padding: 0.4rem 0.75rem;
  border-bottom: 1px solid #ddd;
  font-size: 0.9rem;
}
#token {
  flex: 0 1 28rem;
  font-family: ui-monospace, monospace;
}
#token-status {
  color: #555;
}
#graphiql {
  flex: 1;
  min-height: 0;
}
`;
