import { decodeDesignFromHash, encodeDesignToHash, SHARE_HASH_KEY } from '../../core/io/share-url';
import { useAppStore } from '../../state/store';
import { selectActiveVariant, selectVariant } from '../../state/selectors';
import { errorMessage } from '../../core/result';

/** Full URL of the app opening `design` (named after its variant). Null when no variant is active. */
export function buildShareLink(): { url: string; name: string } | null {
  const s = useAppStore.getState();
  const variant = selectActiveVariant(s);
  if (!variant) return null;
  const hash = encodeDesignToHash({ ...variant.design, name: variant.name });
  return { url: `${location.origin}${location.pathname}${location.search}${hash}`, name: variant.name };
}

/** True when the page URL carries a `#design=` share link. */
export function hasShareHash(): boolean {
  return new RegExp(`(^#|&)${SHARE_HASH_KEY}=`).test(location.hash);
}

/**
 * Opens a `#design=` share link as a new variant, then removes the fragment from the address bar
 * (so a reload does not add it again). A bad link leaves a notice and the current design alone.
 */
export function consumeShareHash(): void {
  if (!hasShareHash()) return;
  const hash = location.hash;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  const s = useAppStore.getState();
  let decoded: ReturnType<typeof decodeDesignFromHash>;
  try {
    decoded = decodeDesignFromHash(hash);
  } catch (e) {
    decoded = { ok: false, error: `share link is damaged (${errorMessage(e)})` };
  }
  if (!decoded.ok) {
    s.notify('error', `Could not open the share link: ${decoded.error}`);
    return;
  }
  const id = s.createVariant(decoded.design, decoded.design.name);
  s.requestCanvas({ type: 'fit' });
  const name = selectVariant(useAppStore.getState(), id)?.name ?? decoded.design.name;
  s.notify('success', `Opened the shared design as variant “${name}”.`);
}
