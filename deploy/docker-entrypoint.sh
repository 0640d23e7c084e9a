#!/bin/sh
# The image's entrypoint. Secrets arrive as files (Docker and Compose secrets, Kubernetes secret
# volumes): for each FLOWLINE_<NAME>_FILE it sets FLOWLINE_<NAME> to that file's content (trailing
# newlines dropped) and unsets the _FILE variable, then runs the command (the runtime by default).
# FLOWLINE_KEY_FILE is a setting of its own (the master key's path) and is left as it is.
set -eu

for file_var in $(env | sed -n 's/^\(FLOWLINE_[A-Z0-9_]*_FILE\)=.*/\1/p'); do
  [ "$file_var" = FLOWLINE_KEY_FILE ] && continue
  var=${file_var%_FILE}
  eval "path=\${$file_var}"
  if eval "[ -n \"\${$var:-}\" ]"; then
    echo "Both $var and $file_var are set: keep one." >&2
    exit 2
  fi
  if [ ! -r "$path" ]; then
    echo "$file_var names $path, which cannot be read." >&2
    exit 2
  fi
  value=$(cat "$path")
  export "$var=$value"
  unset "$file_var"
done

exec "$@"
