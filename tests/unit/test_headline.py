from rectify.ledger.headline import ledger_headline


def test_headline_in_the_seed_words():
    counts = {"completed": 11, "completed_ongoing": 5, "on_schedule": 6, "ahead": 1, "due_soon": 2}
    assert (
        ledger_headline(counts)
        == "共25项整改任务，已完成16项（其中5项需长期坚持），其余9项整改任务均达到序时进度要求。"
    )


def test_headline_names_the_laggards():
    counts = {"completed": 3, "on_schedule": 4, "behind": 2, "overdue": 1}
    assert (
        ledger_headline(counts)
        == "共10项整改任务，已完成3项，其余7项中4项达到序时进度，2项未达到序时进度，1项逾期未完成。"
    )


def test_headline_all_done_and_empty():
    assert ledger_headline({"completed": 2}) == "共2项整改任务，已完成2项，全部完成。"
    assert ledger_headline({}) == "暂无整改任务。"


def test_a_rest_all_of_one_kind_is_said_once():
    assert (
        ledger_headline({"completed": 2, "overdue": 8}) == "共10项整改任务，已完成2项，其余8项均逾期未完成。"
    )
    assert ledger_headline({"behind": 3}) == "共3项整改任务，已完成0项，其余3项均未达到序时进度。"
