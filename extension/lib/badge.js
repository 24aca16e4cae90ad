// The toolbar badge of a tab: how many of its page's cookies deserve a look.
// Counting is pure; the `action` API calls are kept to one function.

/**
 * Cookies that are undeclared in the charter or that need the person's
 * consent (PROTOCOL.md: `findings` and `consent`), each counted once.
 * @param {{cookies: {consent: string, findings: string[]}[]}} classification
 */
export function attentionCount(classification) {
  return classification.cookies.filter((cookie) => cookie.consent === 'required' || cookie.findings.includes('undeclared')).length;
}

const BADGE_COLOR = '#b3261e';

/**
 * Shows `count` on the tab's toolbar button, or clears it when count is
 * null (no report, e.g. the host is missing). The tooltip says what it counts.
 * @param {object} action `chrome.action`
 * @param {(key: string, substitutions?: string[]) => string} t
 */
export async function showAttention(action, tabId, count, t) {
  const text = count ? String(count) : '';
  const title = count === null ? t('actionTitle') : t('badgeTitle', [String(count)]);
  await Promise.all([
    action.setBadgeText({ tabId, text }),
    action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }),
    action.setTitle({ tabId, title }),
  ]);
}
