#!/usr/bin/env bash
# Rewrites the generated reference pages (docs/configuration.md from the configuration keys, docs/command-line.md
# from picocli's usage text); ReferenceDocsTest fails in the build when they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -q test -Dtest=ReferenceDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.update=true "$@"
