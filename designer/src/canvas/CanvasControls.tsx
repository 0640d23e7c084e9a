import { ControlButton, Controls, useStore, type ReactFlowState } from '@xyflow/react';
import { Map as MapIcon, Maximize } from 'lucide-react';
import { CanvasMiniMap } from './CanvasMiniMap';
import { roomForMiniMap } from './miniMapRoom';
import { useMiniMapShown } from './miniMapShown';
import { useClearFit } from './useClearFit';

const hasRoom = (state: ReactFlowState) => roomForMiniMap(state.width, state.height);

/**
 * The zoom controls and the minimap. The controls' fit is the toolbar's (clear of the panels over
 * the canvas, useClearFit.ts), and a button hides or shows the minimap where there is room for it.
 */
export function CanvasControls() {
  const fit = useClearFit();
  const room = useStore(hasRoom);
  const miniMap = useMiniMapShown();
  return (
    <>
      {room && miniMap.shown && <CanvasMiniMap />}
      <Controls showInteractive={false} showFitView={false} aria-label="Zoom controls">
        <ControlButton
          className="react-flow__controls-fitview"
          onClick={() => fit()}
          title="Fit view"
          aria-label="Fit view"
        >
          <Maximize size={12} aria-hidden="true" />
        </ControlButton>
        {room && (
          <ControlButton
            className="fl-controls-minimap"
            onClick={miniMap.toggle}
            title={miniMap.shown ? 'Hide the overview' : 'Show the overview'}
            aria-label="Overview"
            aria-pressed={miniMap.shown}
          >
            <MapIcon size={12} aria-hidden="true" />
          </ControlButton>
        )}
      </Controls>
    </>
  );
}
