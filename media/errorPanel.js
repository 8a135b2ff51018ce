// Renders the decoded error sent by the extension. Every server string goes through textContent:
// nothing from the server is ever parsed as HTML.
// @ts-check
(function () {
  // @ts-ignore acquireVsCodeApi is provided by the webview host
  const vscode = acquireVsCodeApi();
  const root = /** @type {HTMLElement} */ (document.getElementById('root'));

  /** @param {string} tag @param {{className?: string, text?: string}} [options] @param {Node[]} [children] */
  function el(tag, options = {}, children = []) {
    const node = document.createElement(tag);
    if (options.className) node.className = options.className;
    if (options.text !== undefined) node.textContent = String(options.text);
    for (const child of children) node.appendChild(child);
    return node;
  }

  /** @param {string} name */
  function icon(name) {
    const span = el('span', { className: `codicon codicon-${name}` });
    span.setAttribute('aria-hidden', 'true');
    return span;
  }

  const ACTION_ICONS = {
    copySupportDetails: 'copy',
    goToField: 'go-to-file',
    signInAgain: 'account',
    retry: 'refresh',
    openRawBody: 'file-code',
  };

  /** @param {{id: string, label: string, primary?: boolean}} action */
  function actionButton(action) {
    const button = el('button', { className: action.primary ? '' : 'secondary' }, [
      icon(ACTION_ICONS[action.id] || 'play'),
      el('span', { text: action.label }),
    ]);
    button.setAttribute('data-action', action.id);
    button.addEventListener('click', () => vscode.postMessage({ type: 'action', action: action.id }));
    return button;
  }

  /** @param {Array<[string, string | undefined]>} rows */
  function detailsList(rows) {
    const list = el('dl', { className: 'details' });
    for (const [term, value] of rows) {
      if (value === undefined || value === null || value === '') continue;
      list.appendChild(el('dt', { text: term }));
      list.appendChild(el('dd', { text: value }));
    }
    return list;
  }

  /** @param {any} model */
  function render(model) {
    root.replaceChildren();
    const header = el('header', {}, [el('h1', {}, [icon('error'), el('span', { text: model.headline })])]);
    const summary = el('p', { className: 'summary' });
    for (const badge of model.badges || []) summary.appendChild(el('span', { className: 'badge', text: badge }));
    if (model.statusLine) summary.appendChild(el('span', { text: model.statusLine }));
    header.appendChild(summary);
    root.appendChild(header);

    if (model.actions && model.actions.length > 0) {
      root.appendChild(el('div', { className: 'actions' }, model.actions.map(actionButton)));
    }

    if (model.entries && model.entries.length > 0) {
      const section = el('section', {}, [el('h2', { text: model.entries.length > 1 ? `Codes (${model.entries.length})` : 'Code' })]);
      for (const entry of model.entries) {
        const box = el('div', { className: 'entry' }, [
          el('div', {}, [el('span', { className: 'code', text: entry.code }), el('span', { className: 'category', text: entry.category })]),
          el('p', { text: `${entry.title}. ${entry.meaning}` }),
        ]);
        if (entry.serverMessage) box.appendChild(el('p', { className: 'server-message', text: entry.serverMessage }));
        if (entry.nextStep) box.appendChild(el('p', { className: 'next-step', text: entry.nextStep }));
        section.appendChild(box);
      }
      root.appendChild(section);
    }

    if (model.messages && model.messages.length > 0) {
      const section = el('section', {}, [el('h2', { text: 'Server said' })]);
      for (const message of model.messages) section.appendChild(el('p', { className: 'server-message', text: message }));
      root.appendChild(section);
    }

    const rows = model.details || [];
    if (rows.length > 0) {
      root.appendChild(el('section', {}, [el('h2', { text: 'For support' }), detailsList(rows)]));
    }

    const raw = el('details', { className: 'raw' }, [el('summary', { text: model.rawLabel || 'Raw response' }), el('pre', { text: model.raw || '' })]);
    if (model.rawNotice) raw.appendChild(el('p', { className: 'notice', text: model.rawNotice }));
    root.appendChild(el('section', {}, [raw]));
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'render' && message.model) {
      vscode.setState({ model: message.model });
      render(message.model);
    }
  });

  const state = vscode.getState();
  if (state && state.model) render(state.model);
  vscode.postMessage({ type: 'ready' });
})();
