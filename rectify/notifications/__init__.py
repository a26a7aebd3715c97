"""Messages to people: in-app (the bell and /messages/), e-mail and chat robots (钉钉, 企业微信, 飞书).

The public API, for the apps that cause messages (rounds, requests, the ledger):

    from rectify.notifications.services import notify, notify_many, once_key, message_mark_read
    from rectify.notifications.selectors import messages_for, unread_count

    notify(*, recipients, event: str, subject: str, body: str, url: str = "", obj=None,
           digest: bool = False, once: str = "") -> list[Message]
        One Message per distinct recipient (users; None skipped, duplicates once) and its Delivery rows,
        written in the CALLER'S transaction: call it inside the service's `transaction.atomic()`, so a
        message exists exactly when the change that causes it commits. Deliveries are enqueued with
        `transaction.on_commit`. `event` is a stable code ("rounds.round.open",
        "rounds.submission.return", …), `subject` a Chinese title (≤ 200 characters), `body` Chinese
        text, `url` a path in the site ("/rounds/3/") that the message opens, `obj` the model instance it
        is about (kept as content type + id). `digest=True` marks a reminder (due in N days, missing,
        overdue): for people who chose the daily digest (the default) its e-mail and robot deliveries
        wait for the day's one digest; otherwise, and for digest=False, they go at once.
        `once`: a reminder's key, `once_key(event, obj, *parts)` (parts: the day for a daily reminder,
        the due date for a once-only one): a recipient who already has a message with that key gets
        none, so the daily command run twice on a day reminds nobody twice (a unique constraint on
        (recipient, key) backs it). Raises ValidationError on an empty event or subject.
    notify_many(*, event, notices: list[Notice], digest=False) -> list[Message]
        the same for many messages of one event, in a constant number of queries.
    unread_count(user) -> int                       one COUNT query
    messages_for(user) -> QuerySet[Message]         the user's own messages, newest first
    message_mark_read(*, user, message) -> Message  PermissionDenied for another person's message

Channels: in-app always; e-mail to `user.email` unless the person turned it off; robots: the person's
own robot endpoints, else those of the units they hold a role in (a unit's group robot gets an
immediate message once however many of its people it is for). Each person sets their own preference
and personal robot on /messages/settings/ (`preferences.py`: one service per change, audited); units'
robots, and anyone's settings, are kept in the admin (消息偏好, 群机器人).

Delivery (`delivery.py`, `jobs.py`): each Delivery is sent by a Django Tasks task, claimed in its own
committed transaction before the send, so it is sent at most once; retried with exponential back-off;
failed after 5 attempts; left "sending" by a dead worker it becomes "uncertain" for the administrator
(docs/decisions/0009-deliveries-at-most-once.md). The daily steps (sweep, digest) run from
`rectify scheduled` (rectify/core/scheduled.py).
"""
