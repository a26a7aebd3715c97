"""The sentence every progress report opens with, in the report's own words.

"共25项整改任务，已完成16项，其余9项整改任务均达到序时进度要求。"
"""

from rectify.ledger.schedule import ON_TRACK_FLAGS, ScheduleFlag


def ledger_headline(counts: dict[str, int]) -> str:
    """The headline for {flag: count}: totals, completed, and how the rest stand."""
    total = sum(counts.values())
    if total == 0:
        return "暂无整改任务。"
    completed = counts.get(ScheduleFlag.COMPLETED, 0) + counts.get(ScheduleFlag.COMPLETED_ONGOING, 0)
    rest = total - completed
    sentence = f"共{total}项整改任务，已完成{completed}项"
    ongoing = counts.get(ScheduleFlag.COMPLETED_ONGOING, 0)
    if ongoing:
        sentence += f"（其中{ongoing}项需长期坚持）"
    if rest == 0:
        return sentence + "，全部完成。"
    on_track = sum(counts.get(flag, 0) for flag in ON_TRACK_FLAGS)
    if on_track == rest:
        return sentence + f"，其余{rest}项整改任务均达到序时进度要求。"
    parts = [
        (count, word)
        for count, word in (
            (on_track, "达到序时进度"),
            (counts.get(ScheduleFlag.BEHIND, 0), "未达到序时进度"),
            (counts.get(ScheduleFlag.OVERDUE, 0), "逾期未完成"),
        )
        if count
    ]
    return sentence + rest_sentence(rest, parts)


def rest_sentence(rest: int, parts: list[tuple[int, str]]) -> str:
    """How the `rest` not yet completed stand, from (count, words) of each kind present: "，其余9项中6项…，
    3项…。", or "，其余8项均…。" when they are all of one kind (not "其余8项中8项…")."""
    if len(parts) == 1:
        return f"，其余{rest}项均{parts[0][1]}。"
    return f"，其余{rest}项中" + "，".join(f"{count}项{word}" for count, word in parts) + "。"
