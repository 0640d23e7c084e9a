/** Where written text goes: inline, as a quotation, or as a table cell. */
type Container = 'span' | 'q' | 'blockquote' | 'td';

/**
 * Text someone wrote for others to read (a decision or delegation comment, a cancel reason, a
 * publish note), shown in its own direction (`dir="auto"`: a Hebrew comment reads right to left)
 * and isolated (`unicode-bidi: isolate`), so text-direction controls it may hold, which the API
 * lets through for right-to-left writing, reorder nothing around it (a name, a date, the next
 * entry). Inline, so no stylesheet a page might not load is needed for it.
 */
export function WrittenText({
  as: Element = 'span',
  className,
  children,
}: {
  as?: Container;
  className?: string;
  children: string;
}) {
  return (
    <Element dir="auto" className={className} style={{ unicodeBidi: 'isolate' }}>
      {children}
    </Element>
  );
}
