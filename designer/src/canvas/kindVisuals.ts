import type { NodeKind } from '@flowline/engine';
import {
  ClipboardCheck,
  Flag,
  GitBranch,
  GitFork,
  GitMerge,
  Repeat,
  Hourglass,
  Play,
  Plug,
  UserCheck,
  Variable,
  Workflow,
  type LucideIcon,
} from 'lucide-react';

/** How each node kind looks: an icon and a short name (colours are per kind in canvas.css). */
export const KIND_VISUALS: Readonly<Record<NodeKind, { readonly icon: LucideIcon; readonly label: string }>> =
  {
    trigger: { icon: Play, label: 'Trigger' },
    task: { icon: Plug, label: 'Task' },
    approval: { icon: UserCheck, label: 'Approval' },
    manualTask: { icon: ClipboardCheck, label: 'Manual task' },
    decision: { icon: GitBranch, label: 'Decision' },
    transform: { icon: Variable, label: 'Transform' },
    parallel: { icon: GitFork, label: 'Parallel' },
    join: { icon: GitMerge, label: 'Join' },
    wait: { icon: Hourglass, label: 'Wait' },
    subworkflow: { icon: Workflow, label: 'Subworkflow' },
    forEach: { icon: Repeat, label: 'For each' },
    end: { icon: Flag, label: 'End' },
  };
