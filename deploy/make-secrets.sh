#!/bin/sh
# Creates deploy/secrets/ for deploy/compose.yaml: the replica set's keyfile, the root and runtime
# database passwords, the runtime's connection string and its master key. Existing files are kept
# (rotating one is a deliberate act: see docs/deploy.md). Needs openssl.
set -eu
dir=$(dirname "$0")/secrets
mkdir -p "$dir"
chmod 700 "$dir"
# Files are readable inside their containers by the services' own users (mongod, uid 1000);
# the directory's mode keeps other users of this host out.
make() {
  [ -e "$dir/$1" ] && return 0
  (umask 022 && sh -c "$2" > "$dir/$1")
  echo "created $dir/$1"
}
make mongo_keyfile 'openssl rand -base64 756'
make mongo_root_password 'openssl rand -hex 24'
make flowline_db_password 'openssl rand -hex 24'
make flowline_master_key 'openssl rand -base64 32'
make flowline_mongodb_uri "printf 'mongodb://flowline:%s@mongo1:27017,mongo2:27017,mongo3:27017/flowline?replicaSet=rs0&authSource=admin&w=majority&journal=true&readConcernLevel=majority&retryWrites=true&retryReads=true' \"\$(cat '$dir/flowline_db_password')\""
