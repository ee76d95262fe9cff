import type { Channel } from "../api";
import { t } from "../i18n";

// Inline 16px strokes: no icon font to download, and they inherit the text colour.
const paths: Record<Channel | "note", string> = {
  email: "M2 4h12v8H2z M2 4l6 5 6-5",
  twitter: "M3 3l10 10 M13 3L3 13",
  phone: "M4 2h3l1 3-2 1a7 7 0 0 0 4 4l1-2 3 1v3a1 1 0 0 1-1 1A11 11 0 0 1 3 3a1 1 0 0 1 1-1z",
  web: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2z M2 8h12 M8 2c2 2 2 10 0 12 M8 2c-2 2-2 10 0 12",
  api: "M5 4L2 8l3 4 M11 4l3 4-3 4 M9 3L7 13",
  note: "M3 2h7l3 3v9H3z M10 2v3h3 M5 8h6 M5 11h4",
};

/** The channel an article came through, as an icon with an accessible name. */
export function ChannelIcon({ channel }: { channel: Channel | "note" }) {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label={t(`channel.${channel}`)}>
      <title>{t(`channel.${channel}`)}</title>
      <path d={paths[channel]} fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
