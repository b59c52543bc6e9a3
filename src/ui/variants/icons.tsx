/** Tiny stroke icons (inline SVG: no font glyph dependence). Decorative: buttons carry aria-labels. */
const common = {
  width: 14,
  height: 14,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  focusable: false,
};

export function PencilIcon() {
  return (
    <svg {...common}>
      <path d="M11 2.5l2.5 2.5L6 12.5 3 13l.5-3z" />
    </svg>
  );
}

/** Fork: one line splitting in two. */
export function ForkIcon() {
  return (
    <svg {...common}>
      <circle cx="4.5" cy="3" r="1.5" />
      <circle cx="11.5" cy="3" r="1.5" />
      <circle cx="8" cy="13" r="1.5" />
      <path d="M4.5 4.5v1.5c0 2 3.5 2.5 3.5 5.5M11.5 4.5v1.5c0 2-3.5 2.5-3.5 5.5" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...common}>
      <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" />
    </svg>
  );
}
