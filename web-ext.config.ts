// `wxt` dev mode: do not try to open a browser (none is reachable in CI or on headless machines).
import { defineWebExtConfig } from 'wxt';

export default defineWebExtConfig({ disabled: true });
