/** The product mark (the favicon's shape), decorative: the name beside it is the text. */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="7" className="logo__tile" />
      <circle cx="9" cy="10" r="3.2" className="logo__dot" />
      <circle cx="23" cy="10" r="3.2" className="logo__dot" />
      <circle cx="16" cy="23" r="3.2" className="logo__dot" />
      <path d="M12 10h8M10.6 12.8l3.8 7.4M21.4 12.8l-3.8 7.4" className="logo__line" />
    </svg>
  );
}
