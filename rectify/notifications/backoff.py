"""When to try a failed delivery again (pure: no Django)."""

MAX_ATTEMPTS = 5
BASE_SECONDS = 60
CAP_SECONDS = 6 * 3600


def retry_delay(attempts: int, *, base: int = BASE_SECONDS, cap: int = CAP_SECONDS) -> int | None:
    """Seconds to wait after the `attempts`-th failed attempt (1, 2, …): base·2^(attempts−1), at most
    `cap`; None once MAX_ATTEMPTS attempts have failed (the delivery is then marked failed)."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return min(cap, base * 2 ** (attempts - 1))
