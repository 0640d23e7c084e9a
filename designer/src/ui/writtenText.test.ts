import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../portal/Timeline';
import { WrittenText } from './WrittenText';

// An override left open: unisolated, it would turn everything after it (the time, the next entry) around.
const RLO_COMMENT = 'Approved \u202eevorppa';

describe('free text others wrote is shown in its own direction, isolated', () => {
  it('wraps it with dir="auto" and unicode-bidi: isolate, as text', () => {
    for (const as of ['span', 'q', 'blockquote', 'td'] as const)
      expect(renderToStaticMarkup(createElement(WrittenText, { as, children: '<b>hi</b>' }))).toBe(
        `<${as} dir="auto" style="unicode-bidi:isolate">&lt;b&gt;hi&lt;/b&gt;</${as}>`,
      );
  });

  it("isolates a request timeline's comments (the inbox task detail and the requester's page)", () => {
    const html = renderToStaticMarkup(
      createElement(Timeline, {
        entries: [
          {
            id: '1',
            title: 'Maria approved “Manager approval”.',
            comment: RLO_COMMENT,
            tone: 'success',
            at: 0,
          },
          { id: '2', title: 'The request was completed.', tone: 'success' },
        ],
      }),
    );
    expect(html).toContain(
      `<blockquote dir="auto" class="timeline__comment" style="unicode-bidi:isolate">${RLO_COMMENT}</blockquote>`,
    );
  });
});
