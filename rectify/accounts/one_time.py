"""One-time passwords (一次性密码) for accounts the office creates in bulk.

    one_time_password() -> "k7Pm-3xQa-Rf9w"      (12 random characters, 69 bits)
    one_time_hash(password) -> what User.password stores

The password is shown once to the office and never stored in clear; the account must change it at first
login (`User.must_change_password`, `accounts.first_login`). PBKDF2's iteration count protects passwords
people choose, which are guessable; a password of 69 random bits is not, so its hash uses 1,000
iterations instead of Django's million: 2,000 accounts are hashed in about a second instead of ten
minutes. The count is stored in the hash, which every PBKDF2 hasher reads back; the first login
re-hashes it at the full count (Django upgrades a hash whose parameters differ), and the forced change
replaces it anyway. Other hashers (the tests' MD5) are used as configured.
"""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password

ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
GROUPS, GROUP_SIZE = 3, 4
ONE_TIME_ITERATIONS = 1_000


def one_time_password() -> str:
    """Twelve random characters in three groups, easy to read aloud and type on a phone."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS))
    return "-".join(groups)


def one_time_hash(password: str) -> str:
    """The stored form of a one-time password (see the module docstring for the iteration count)."""
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=ONE_TIME_ITERATIONS)
    return make_password(password)
