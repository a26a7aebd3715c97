#!/usr/bin/env bash
# Back up Rectify into a new folder: the database (PostgreSQL: pg_dump custom format; SQLite: the
# online backup API, safe while Rectify runs) and every uploaded and generated file (MEDIA_ROOT).
#   deploy/backup.sh /srv/backup/rectify-$(date +%F)
# Run it with the service's environment (see docs/deployment.md); on PostgreSQL as the owner role.
set -euo pipefail
dest=${1:?usage: deploy/backup.sh DEST_FOLDER}
source "$(dirname "$0")/locate.sh"
if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  echo "备份目录 $dest 不是空的：请指定一个新目录" >&2; exit 1
fi
mkdir -p "$dest"
case "$VENDOR" in
  postgresql)
    pg_dump --format=custom --file="$dest/database.dump" "${DATABASE_URL:?DATABASE_URL is not set}" ;;
  sqlite)
    "$PYTHON" -c 'import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)
target.close()' "$DB_NAME" "$dest/database.sqlite3" ;;
  *) echo "不支持的数据库：$VENDOR" >&2; exit 1 ;;
esac
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$dest/media.tar.gz" .
echo "$VENDOR" > "$dest/VENDOR"
(cd "$dest" && sha256sum VENDOR database.* media.tar.gz > SHA256SUMS)
echo "已备份到 $dest（数据库：$VENDOR；文件：$MEDIA_ROOT）"
