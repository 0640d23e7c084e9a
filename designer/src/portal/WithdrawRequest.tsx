import { Undo2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../ui/Button';
import { ReasonDialog } from '../ui/ReasonDialog';
import { useWithdrawRequest } from './usePortal';
import { withdrawProblem } from './withdrawal';

/**
 * "Withdraw request" on a request page, with its confirmation. Shown only when the page says the
 * reader may withdraw (mayWithdraw); the dialog stays open on a refusal, so its reason is read.
 */
export function WithdrawRequest({
  id,
  name,
  offered,
  onWithdrawn,
}: {
  id: string;
  name: string;
  offered: boolean;
  onWithdrawn: () => void;
}) {
  const withdraw = useWithdrawRequest(id);
  const [asking, setAsking] = useState(false);
  const close = () => {
    setAsking(false);
    withdraw.reset();
  };
  return (
    <>
      {offered && (
        <div className="portal__request-actions">
          <Button
            icon={<Undo2 size={16} aria-hidden="true" />}
            onClick={() => setAsking(true)}
            data-testid="withdraw-request"
          >
            Withdraw request
          </Button>
        </div>
      )}
      {asking && (
        <ReasonDialog
          title="Withdraw this request?"
          reasonLabel="Reason (optional, shown in the request’s progress)"
          confirm="Withdraw request"
          dismiss="Keep the request"
          busy={withdraw.isPending}
          error={withdraw.error}
          describeError={withdrawProblem}
          onConfirm={(reason) =>
            withdraw.mutate(reason, {
              onSuccess: () => {
                setAsking(false);
                onWithdrawn();
              },
            })
          }
          onClose={close}
        >
          “{name}” stops where it is: nobody is asked to decide or do anything more for it. This cannot be
          undone; to ask again, send a new request.
        </ReasonDialog>
      )}
    </>
  );
}
