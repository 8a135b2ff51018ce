// What a corporate network needs from a person: a proxy's user name and password after a 407, and
// the passphrase of an encrypted client certificate. Each is asked once and kept in SecretStorage;
// it is asked again only when the proxy or the certificate refuses what was kept. Also the one
// notice that a PAC script or the system's proxy settings cannot be used by Gestix.
import vscode = require('vscode');
import type { Logger, NetworkPrompts, ProxyCredentials } from '../core/host/ports';
import { openSettings } from './commands';
import { vscodeResolvesProxies } from './configuration';
import { askOne, askSteps } from './multiStepInput';
import { clientCertificatePassphraseKey, proxyCredentialsKey } from './secrets';

function parseCredentials(text: string | undefined): ProxyCredentials | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ProxyCredentials>;
    return typeof value.username === 'string' && typeof value.password === 'string' ? { username: value.username, password: value.password } : undefined;
  } catch {
    return undefined;
  }
}

async function askProxyCredentials(proxy: string, refused: boolean, previous: ProxyCredentials | undefined): Promise<ProxyCredentials | undefined> {
  const title = vscode.l10n.t('Gestix: Proxy Sign-In');
  const answers = await askSteps(() => [
    () => ({
      title,
      prompt: refused
        ? vscode.l10n.t('The proxy {proxy} refused the user name and password. User name for the proxy:', { proxy })
        : vscode.l10n.t('The proxy {proxy} asks Gestix to sign in. User name for the proxy:', { proxy }),
      placeholder: vscode.l10n.t('User name for the proxy'),
      value: previous?.username ?? '',
      problem: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the user name.')),
    }),
    ([username = '']) => ({
      title,
      prompt: vscode.l10n.t('Password of {username} for the proxy {proxy}. It is kept in VS Code secret storage.', { username, proxy }),
      placeholder: vscode.l10n.t('Password for the proxy'),
      password: true,
      asTyped: true,
      problem: () => undefined,
    }),
  ]);
  const [username, password] = answers ?? [];
  return username === undefined || password === undefined ? undefined : { username, password };
}

export function createNetworkPrompts(secrets: vscode.SecretStorage, logger: Logger): NetworkPrompts {
  let toldAboutSystemProxy = false;
  return {
    async proxyCredentials(proxy, refused) {
      const key = proxyCredentialsKey(proxy);
      const stored = parseCredentials(await secrets.get(key));
      if (stored && !refused) return stored;
      const typed = await askProxyCredentials(proxy, refused, stored);
      if (!typed) {
        if (refused) await secrets.delete(key);
        return undefined;
      }
      await secrets.store(key, JSON.stringify(typed));
      logger.info(`Proxy credentials for ${proxy} kept in secret storage`);
      return typed;
    },

    async clientCertificatePassphrase(file, refused) {
      const key = clientCertificatePassphraseKey(file);
      const stored = await secrets.get(key);
      if (stored !== undefined && !refused) return stored;
      const passphrase = await askOne({
        title: vscode.l10n.t('Gestix: Client Certificate Passphrase'),
        prompt: refused
          ? vscode.l10n.t('That passphrase did not open {file}. Passphrase of the client certificate:', { file })
          : vscode.l10n.t('Passphrase of the client certificate {file}. It is kept in VS Code secret storage.', { file }),
        placeholder: vscode.l10n.t('Passphrase of the client certificate'),
        password: true,
        asTyped: true,
        problem: () => undefined,
      });
      if (passphrase === undefined) {
        if (refused) await secrets.delete(key);
        return undefined;
      }
      await secrets.store(key, passphrase);
      logger.info(`The passphrase of ${file} kept in secret storage`);
      return passphrase;
    },

    directConnectionFailed(server) {
      if (toldAboutSystemProxy || !vscodeResolvesProxies()) return;
      toldAboutSystemProxy = true;
      logger.info(`Could not connect to ${server} directly; PAC scripts and system proxy settings (http.proxySupport) are not used by Gestix: set http.proxy`);
      const openSetting = vscode.l10n.t('Open Setting');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t(
            'Gestix could not connect to {server}. If VS Code reaches the network through a PAC script or the system proxy settings (http.proxySupport), Gestix cannot use them: set the proxy in http.proxy.',
            { server },
          ),
          openSetting,
        )
        .then((choice) => (choice === openSetting ? openSettings('http.proxy') : undefined));
    },
  };
}
