// Vitest setup: the fake browser has no i18n, so components read the English messages file directly.
import { useMessages } from '@/lib/ui/i18n';
import en from '@/public/_locales/en/messages.json';

useMessages(en);
