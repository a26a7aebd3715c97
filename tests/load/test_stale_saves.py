"""Two saves at once from the same read of a task (issue 8, 3.1), on a real database of each kind: exactly
one wins, the other gets the conflict naming what the first changed, and nothing is lost or doubled."""

from load_runner import run_script


def test_two_saves_at_once_from_the_same_read_exactly_one_wins(tmp_path):
    result = run_script("stale_saves.py", tmp_path, suffix="stale", timeout=120)
    assert result["a"] == "saved"
    assert result["b"] == [["任务名称", "A的标题"]]  # refused, with what A changed meanwhile
    assert result["b_waited"] > 0.3  # B really ran into A's open transaction
    assert result["task"] == ["A的标题", "", 1]  # A's title kept, B's target not written, one version on
