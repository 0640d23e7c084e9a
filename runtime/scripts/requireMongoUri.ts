// `pnpm test:mongodb` runs the Store contract against a real MongoDB: it needs a server to talk to,
// so it refuses to start (rather than skip every test and pass) when none is named.
import { databaseInUri } from '../src/store/openStore';

const uri = process.env['FLOWLINE_MONGODB_URI'];
if (!uri) {
  console.error(
    'pnpm test:mongodb needs FLOWLINE_MONGODB_URI: a MongoDB 6.0+ replica set, e.g.\n' +
      '  FLOWLINE_MONGODB_URI="mongodb://localhost:27017/?replicaSet=rs0" pnpm test:mongodb\n' +
      'Each test uses a database of its own and drops it after; the user needs to create and drop databases.',
  );
  process.exit(1);
}
const named = databaseInUri(uri);
if (named)
  console.log(`Note: the URI names the database ${named}; the contract tests use databases of their own.`);
