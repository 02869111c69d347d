#!/bin/sh
# Start one Dilemmatafel container: bring the database to the newest migration, import the
# shipped content if the database has no items yet, then serve. Safe when several containers
# start at once (init waits for a database lock), and at every restart (--only-empty keeps
# what editors changed in the browser).
set -eu
dilemmatafel init --only-empty
exec dilemmatafel serve --host 0.0.0.0 --port "${PORT:-8000}"
