// The compose file's one-shot init (mongosh --file): authenticates as root, initiates the replica
// set if it is not yet, waits for a primary, and creates (or updates the password of) the
// runtime's user. Safe to run again: every step checks first.
// mongosh's own globals (db, rs, print, sleep) and its Node-style require for reading the secrets.
/* global db, rs, print, sleep, require, process */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('fs');
const secret = (name) => fs.readFileSync(process.env[name], 'utf8').trim();

const admin = db.getSiblingDB('admin');
admin.auth('root', secret('MONGO_ROOT_PASSWORD_FILE'));

const members = [
  // The first member is preferred as primary; any can take over.
  { _id: 0, host: 'mongo1:27017', priority: 2 },
  { _id: 1, host: 'mongo2:27017', priority: 1 },
  { _id: 2, host: 'mongo3:27017', priority: 1 },
];
/** replSetGetStatus as a document, whether this shell throws on a failed command or returns it. */
function replicaSetStatus() {
  try {
    return admin.runCommand({ replSetGetStatus: 1 });
  } catch (error) {
    return { ok: 0, code: error.code, codeName: error.codeName, errmsg: error.message };
  }
}
const status = replicaSetStatus();
if (status.ok === 1) {
  print('replica set rs0 already initiated');
} else if (status.codeName === 'NotYetInitialized' || status.code === 94) {
  rs.initiate({ _id: 'rs0', members });
  print('replica set rs0 initiated');
} else {
  throw new Error(`cannot read the replica set's status: ${status.errmsg ?? JSON.stringify(status)}`);
}

const deadline = Date.now() + 120_000;
while (!admin.runCommand({ hello: 1 }).isWritablePrimary) {
  if (Date.now() > deadline) throw new Error('no primary within 120 s');
  sleep(1000);
}

// readWrite for the data, dbAdmin for the runtime's own collections, validators and indexes.
const roles = [
  { role: 'readWrite', db: 'flowline' },
  { role: 'dbAdmin', db: 'flowline' },
];
const password = secret('FLOWLINE_DB_PASSWORD_FILE');
const writeConcern = { w: 'majority', wtimeout: 30_000 };
if (admin.getUser('flowline')) {
  admin.updateUser('flowline', { pwd: password, roles }, writeConcern);
  print('user flowline updated');
} else {
  admin.createUser({ user: 'flowline', pwd: password, roles }, writeConcern);
  print('user flowline created');
}
