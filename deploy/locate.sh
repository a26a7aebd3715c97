# Sourced by backup.sh and restore.sh: asks Rectify (with the service's environment: DJANGO_SETTINGS_MODULE,
# DATABASE_URL, RECTIFY_VAR_DIR) which database it uses and where its files live.
RECTIFY=${RECTIFY:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv/bin/rectify}
PYTHON=${PYTHON:-$(dirname "$RECTIFY")/python}
mapfile -t _where < <("$RECTIFY" shell -v 0 -c "
from django.conf import settings
from django.db import connection
print(connection.vendor)
print(connection.settings_dict['NAME'])
print(settings.MEDIA_ROOT)")
VENDOR=${_where[0]:?could not ask Rectify which database it uses}
DB_NAME=${_where[1]}
MEDIA_ROOT=${_where[2]}
