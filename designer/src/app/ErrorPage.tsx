import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { Alert } from '../ui/Alert';
import { sentenceOf } from './apiErrors';

/** What a crashed or unknown page shows: a sentence and a way back, never a stack. */
export function ErrorPage() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main className="page page--narrow">
      <h1 className="page__title">{notFound ? 'There is nothing here' : 'This page could not be shown'}</h1>
      <Alert>{notFound ? 'The address does not name a page of Flowline.' : sentenceOf(error)}</Alert>
      <p>
        <Link to="/workflows">Go to the workflows</Link>
      </p>
    </main>
  );
}

export function NotFoundPage() {
  return (
    <main className="page page--narrow">
      <h1 className="page__title">There is nothing here</h1>
      <p>The address does not name a page of Flowline.</p>
      <p>
        <Link to="/workflows">Go to the workflows</Link>
      </p>
    </main>
  );
}
