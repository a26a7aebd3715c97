#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and an empty MEDIA_ROOT.
#   deploy/restore.sh /srv/backup/rectify-2025-01-31
# Stop rectify-web and rectify-worker first. PostgreSQL: create the empty database beforehand, owned by
# the owner role, and run this as that role (docs/deployment.md). Nothing existing is overwritten.
set -euo pipefail
src=${1:?usage: deploy/restore.sh BACKUP_FOLDER}
source "$(dirname "$0")/locate.sh"
(cd "$src" && sha256sum --quiet --check SHA256SUMS) || { echo "备份 $src 校验失败" >&2; exit 1; }
if [ "$(cat "$src/VENDOR")" != "$VENDOR" ]; then
  echo "备份来自 $(cat "$src/VENDOR")，当前配置的数据库是 $VENDOR" >&2; exit 1
fi
if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  echo "文件目录 $MEDIA_ROOT 不是空的：请先移走" >&2; exit 1
fi
case "$VENDOR" in
  postgresql)
    tables=$(psql --no-psqlrc -At "${DATABASE_URL:?DATABASE_URL is not set}" \
      -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    if [ "$tables" != "0" ]; then echo "数据库不是空的：请恢复到新建的空库" >&2; exit 1; fi
    pg_restore --exit-on-error --no-owner --dbname="$DATABASE_URL" "$src/database.dump" ;;
  sqlite)
    if [ -e "$DB_NAME" ]; then echo "数据库文件 $DB_NAME 已存在：请先移走" >&2; exit 1; fi
    mkdir -p "$(dirname "$DB_NAME")"
    "$PYTHON" -c 'import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)
target.close()' "$src/database.sqlite3" "$DB_NAME" ;;
esac
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$src/media.tar.gz"
echo "已恢复 $src（数据库：$VENDOR；文件：$MEDIA_ROOT）"
