"""Importing a 50,000-row ledger workbook: read (calamine) + plan + apply, then re-check and export.

    .venv/bin/python bench/import_workbook.py [--findings 1700] [--tasks 8300] [--measures 40000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rectify_bench_wb .venv/bin/python bench/import_workbook.py

Target (issue 3): ≤ 30 s and ≤ 500 MB peak memory on the 2-core machine.

The workbook is generated once (deterministic, seed 3) at bench/out/import_workbook/ledger-N.xlsx
with the project's own writer: findings with feedback text of 150–450 characters, tasks with titles,
targets, deadlines of every common form (dates, 立行立改，长期坚持, two-stage), leaders, lead and
cooperating units, states and progress text, and measures with units and progress. Each run then
goes in a fresh child process on a fresh database (SQLite under bench/out/import_workbook/sqlite via
RECTIFY_VAR_DIR, or the PostgreSQL database of DATABASE_URL, dropped and created), with a prefecture
of 20 units, an office and 5 leaders made through rectify.orgunits.services:

    read      read_ledger_workbook(path)                          the file → a LedgerDraft
    plan      ledger_import_plan(...)                             the preview (a new inspection)
    apply     ledger_import_apply(...)                            plans again, then writes it all
    recheck   read + ledger_import_plan against the inspection   a re-import: must change nothing
    export    write_ledger_workbook(...)                          the ledger back to .xlsx

and the export is compared cell by cell with the input (完成时限 aside: the input leaves it to the
ledger to derive). Time is time.perf_counter; memory is the process's max RSS (getrusage) in the
timed run, and tracemalloc's peak per phase in a second run (tracemalloc slows Python, so that run
is not timed). `--profile` adds a third run under cProfile (read + plan + apply), written to
bench/out/import_workbook/profile-<database>.txt. CPU seconds (time.process_time) are printed beside
the wall-clock ones: on a shared machine they show what the import itself costs.
Figures go to stdout and bench/out/import_workbook/result-<database>.json.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT = BENCH_DIR / "out" / "import_workbook"
SQLITE_DIR = OUT / "sqlite"
INSPECTION = "第三轮中央生态环境保护督察"
TARGET_SECONDS, TARGET_MB = 30, 500
SEED = 3

PREFECTURE = ("云岭州", "prefecture")
UNITS = [
    ("云岭市", "county"),
    ("松溪县", "county"),
    ("石门县", "county"),
    ("河口县", "county"),
    ("青山县", "county"),
    ("云岭高新技术产业开发区", "park"),
    ("松溪化工园区", "park"),
    ("云岭州生态环境局", "department"),
    ("云岭州发展和改革委员会", "department"),
    ("云岭州工业和信息化局", "department"),
    ("云岭州水利局", "department"),
    ("云岭州自然资源局", "department"),
    ("云岭州林业和草原局", "department"),
    ("云岭州住房和城乡建设局", "department"),
    ("云岭州交通运输局", "department"),
    ("云岭州农业农村局", "department"),
    ("云岭州城市管理局", "department"),
    ("云岭州公安局", "department"),
    ("云岭州信访局", "department"),
    ("云岭州统计局", "department"),
]
LEADERS = [
    ("wb_leader1", "杨振华", "州委副书记、州长"),
    ("wb_leader2", "何建平", "州委常委、常务副州长"),
    ("wb_leader3", "罗晓燕", "副州长"),
    ("wb_leader4", "段明德", "副州长"),
    ("wb_leader5", "李国强", "州委常委、秘书长"),
]


# -- environment -------------------------------------------------------------------------------


def configure() -> None:
    """Django on the benchmark's own database (never the demo's or the ledger benchmark's)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["RECTIFY_DEBUG"] = "0"  # DEBUG keeps every query: not what production does
    if not os.environ.get("DATABASE_URL"):
        os.environ.pop("DATABASE_URL", None)
        os.environ["RECTIFY_VAR_DIR"] = str(SQLITE_DIR)
    OUT.mkdir(parents=True, exist_ok=True)


def fresh_database() -> None:
    """Drop and create the database before Django connects to it, then migrate."""
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url
        import psycopg

        settings = dj_database_url.parse(url)
        admin = {k: v for k, v in {"host": settings["HOST"], "port": settings["PORT"] or None}.items() if v}
        with psycopg.connect(
            dbname="postgres",
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            autocommit=True,
            **admin,
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            connection.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    else:
        for path in SQLITE_DIR.glob("rectify.sqlite3*"):
            path.unlink()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_prefecture():
    """The prefecture, its 20 units, its office and 5 leaders, through the services."""
    from django.contrib.auth import get_user_model

    from rectify.orgunits.models import Role
    from rectify.orgunits.services import orgunit_create, role_assign

    region = orgunit_create(name="彩云自治区", kind="region")
    pref = orgunit_create(name=PREFECTURE[0], kind=PREFECTURE[1], parent=region)
    for order, (name, kind) in enumerate(UNITS):
        orgunit_create(name=name, kind=kind, parent=pref, sort_order=order)
    User = get_user_model()
    office = User.objects.create_user("wb_office", password="bench", full_name="周整改")
    role_assign(user=office, role=Role.OFFICE, unit=pref, include_subtree=True)
    for username, full_name, title in LEADERS:
        leader = User.objects.create_user(username, password="bench", full_name=full_name, title=title)
        role_assign(user=leader, role=Role.LEADER, unit=pref)
    return pref, office


# -- the workbook -------------------------------------------------------------------------------

PLACES = [u[0] for u in UNITS[:7]] + ["城区", "工业集中区", "沿江片区", "城乡接合部", "重点流域"]
OBJECTS = [
    "城区黑臭水体",
    "城镇生活污水收集管网",
    "污水处理厂提标改造",
    "入河排污口",
    "集中式饮用水水源地",
    "工业园区污水集中处理设施",
    "燃煤锅炉淘汰",
    "挥发性有机物治理",
    "建筑工地扬尘",
    "秸秆露天焚烧",
    "“两高”项目准入",
    "高耗能项目节能审查",
    "尾矿库环境风险",
    "危险废物规范化管理",
    "矿山生态修复",
    "自然保护区违规建设",
    "河道非法采砂",
    "畜禽养殖污染",
    "农村生活垃圾治理",
    "地下水超采",
]
PROBLEMS = [
    "长期超标排放，群众反映强烈",
    "建设滞后，未按期完成",
    "底数不清、台账不全",
    "监管不到位，问题反弹",
    "整改敷衍应付，避重就轻",
    "违规审批、未批先建",
    "设施运行不正常，数据弄虚作假",
    "责任落实不到位，推进缓慢",
]
CLAUSES = [
    "督察发现，{place}{object}{problem}",
    "{place}对{object}工作重视不够，相关部门履职不到位",
    "截至督察进驻时，{place}仍有{n}处{object}问题未整改到位",
    "群众多次举报，{place}有关部门未及时核查处置，问题长期得不到解决",
    "{place}{object}规划编制滞后，配套资金{n}万元未落实",
    "督察组现场抽查{n}个点位，发现{object}存在明显问题",
    "部分企业环保设施运行不正常，{object}管理台账记录不完整",
    "{place}在{object}工作中存在“一刀切”和敷衍整改问题",
]
MEASURE_VERBS = ["制定", "开展", "完成", "建立", "组织", "推进", "落实", "加强"]
MEASURE_OBJECTS = [
    "{object}专项排查整治方案",
    "{object}全面排查，建立问题清单和整改台账",
    "{object}长效监管机制，明确责任单位和责任人",
    "{object}整治工程建设，确保按期投入运行",
    "执法检查，依法查处{object}环境违法行为",
    "{object}日常巡查和在线监控，实行动态管理",
]
PROGRESS = [
    "已完成{object}排查，共排查点位{n}个，建立问题清单",
    "整治工程已开工建设，累计完成投资{n}万元，完成工程量的{p}%",
    "已印发实施方案，明确{n}项具体措施和完成时限",
    "已组织开展专项执法行动{n}次，立案查处违法行为{m}起",
    "正在持续推进，已完成年度目标任务的{p}%",
    "已通过阶段性验收，长效机制正在建立",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "建国立群明华志强伟军文静丽敏红海涛平刚杰斌宏英芳玲霞东亮新春秋雪峰健超勇晓燕兰桂林云飞鹏"
STATES = [
    ("未启动", 0.15),
    ("推进中", 0.45),
    ("已完成（自评）", 0.15),
    ("申请验收", 0.05),
    ("验收通过", 0.08),
    ("公示中", 0.02),
    ("已销号", 0.08),
    ("重新整改", 0.02),
]
CATEGORIES = ["思想认识与责任落实", "产业结构与项目准入", "能源与节能", "水资源", "大气污染", "水污染"]
CATEGORIES += ["土壤与固体废物", "生态保护", "群众信访", "督察整改", "其他"]
CN_DIGITS = "零一二三四五六七八九"


def label_of(number: int) -> str:
    """一, 十一, 一百二十三 … (the feedback's own numbering)."""
    import cn2an

    return cn2an.an2cn(number)


def sentences(rng: random.Random, pool: list[str], low: int, high: int, **fill) -> str:
    """Clauses from `pool` joined into Chinese sentences until the text is `low`–`high` characters."""
    goal = rng.randint(low, high)
    text = ""
    while len(text) < goal:
        values = {
            "place": rng.choice(PLACES),
            "object": rng.choice(OBJECTS),
            "problem": rng.choice(PROBLEMS),
            "n": rng.randint(2, 300),
            "m": rng.randint(1, 40),
            "p": rng.randint(10, 95),
            **fill,
        }
        clause = rng.choice(pool).format(**values)
        text = f"{text}{rng.choice('，；。')}{clause}" if text else clause
    return text[:high].rstrip("，；") + "。"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def deadline(rng: random.Random) -> str:
    year = rng.choice([2024, 2025, 2025, 2026, 2027])
    return rng.choices(
        [
            "立行立改，长期坚持",
            f"{year}年底前",
            f"{year}年6月底前",
            f"{year}年9月底前",
            f"{year}年底前完成主体工程建设，{year + 1}年底前全面完成验收",
            "长期坚持",
            f"2024年7月至{year + 1}年12月",
        ],
        weights=[20, 30, 15, 10, 10, 5, 10],
    )[0]


def generate_rows(n_findings: int, n_tasks: int, n_measures: int):
    rng = random.Random(SEED)
    units = [u[0] for u in UNITS]
    departments = [u[0] for u in UNITS if u[1] == "department"]
    findings = [
        {
            "number": n,
            "label": label_of(n),
            "provincial_seq": n + 100 if n % 3 == 0 else None,
            "city_seq": n if n % 3 == 0 else None,
            "category": rng.choice(CATEGORIES),
            "text": sentences(rng, CLAUSES, 150, 450),
        }
        for n in range(1, n_findings + 1)
    ]
    tasks = []
    for n in range(1, n_tasks + 1):
        first = (n - 1) * n_findings // n_tasks + 1
        covered = [first] + ([first + 1] if first < n_findings and rng.random() < 0.1 else [])
        lead = rng.choice(units)
        cooperating = rng.sample([u for u in units if u != lead], rng.choice([0, 0, 1, 2, 3]))
        state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
        done = state in ("已完成（自评）", "申请验收", "验收通过", "公示中", "已销号")
        progress = 100 if done else 0 if state == "未启动" else rng.randint(5, 95)
        obj = rng.choice(OBJECTS)
        deadline_raw = deadline(rng)
        tasks.append(
            {
                "number": n,
                "finding_numbers": "、".join(map(str, covered)),
                "title": f"{rng.choice(PLACES)}{obj}{rng.choice(['问题整改', '专项整治', '整治提升', '问题整治'])}",
                "target": sentences(rng, CLAUSES, 40, 120, object=obj),
                "deadline_raw": deadline_raw,
                "start_on": date(2024, 7, 1)
                if "至" in deadline_raw
                else date(2024, 3, 15),  # a range starts itself
                "due_on": None,
                "leader": rng.choice(LEADERS)[1],
                "lead_unit": lead,
                "cooperating_units": "、".join(sorted(cooperating, key=units.index)),
                "acceptance_unit": rng.choice(departments) if rng.random() < 0.7 else None,
                "responsible_person": person(rng),
                "responsible_phone": f"0871-6{rng.randint(100000, 999999)}",
                "state": state,
                "progress": progress,
                "progress_text": "" if state == "未启动" else sentences(rng, PROGRESS, 60, 250, object=obj),
                "progress_detail": "",
            }
        )
    measures = []
    per_task, extra = divmod(n_measures, n_tasks)
    for index, task in enumerate(tasks):
        for m in range(1, per_task + (1 if index < extra else 0) + 1):
            has_progress = task["state"] != "未启动" and rng.random() < 0.8
            measures.append(
                {
                    "task_number": task["number"],
                    "number": m,
                    "text": f"{m}.{rng.choice(MEASURE_VERBS)}"
                    + sentences(rng, MEASURE_OBJECTS, 30, 110, object=rng.choice(OBJECTS)),
                    "unit": rng.choice(units),
                    "progress_text": sentences(rng, PROGRESS, 40, 150) if has_progress else "",
                    "progress_on": date(2025, 3, 31) + timedelta(days=rng.randint(0, 200))
                    if has_progress
                    else None,
                }
            )
    return findings, tasks, measures


FORWARD = {"未启动": "推进中", "推进中": "已完成（自评）", "已完成（自评）": "申请验收", "重新整改": "推进中"}


def later_rows(findings, tasks, measures):
    """A later version of the ledger `generate_rows` made, as an office would re-import it: every task's
    progress and every measure's progress moved on, a state forward on half the tasks, and on some
    rows the plan itself edited (titles, deadlines, leaders, cooperating units, findings' text)."""
    rng = random.Random(SEED + 1)
    units = [u[0] for u in UNITS]
    findings = [dict(f) for f in findings]
    for f in findings[::5]:
        f["text"] = f["text"].rstrip("。") + "，整改中发现同类问题。"
    for f in findings[1::7]:
        f["category"] = rng.choice(CATEGORIES)
    tasks = [dict(t) for t in tasks]
    for n, t in enumerate(tasks):
        if n % 2 == 0 and t["state"] in FORWARD:
            t["state"] = FORWARD[t["state"]]
        done = t["state"] in ("已完成（自评）", "申请验收", "验收通过", "公示中", "已销号")
        t["progress"] = 100 if done else min(95, (t["progress"] or 0) + rng.randint(1, 20))
        t["progress_text"] = sentences(rng, PROGRESS, 60, 250, object=rng.choice(OBJECTS))
        if n % 4 == 1:
            t["title"] += "（调整）"
        if n % 8 == 3:
            t["deadline_raw"] = "2027年底前完成主体工程建设，2028年底前全面完成验收"
        if n % 8 == 5:
            t["leader"] = rng.choice(LEADERS)[1]
            others = [u for u in units if u != t["lead_unit"]]
            t["cooperating_units"] = "、".join(sorted(rng.sample(others, 2), key=units.index))
    measures = [dict(m) for m in measures]
    for n, m in enumerate(measures):
        m["progress_text"] = sentences(rng, PROGRESS, 40, 150)
        m["progress_on"] = date(2025, 12, 31) - timedelta(days=rng.randint(0, 60))
        if n % 10 == 0:
            m["unit"] = rng.choice(units)
    return findings, tasks, measures


def workbook_path(args) -> Path:
    return OUT / f"ledger-{args.findings}-{args.tasks}-{args.measures}.xlsx"


def generate(args) -> Path:
    path = workbook_path(args)
    if path.exists():
        return path
    import django

    django.setup()
    from rectify.documents.ledger_workbook import write_workbook_rows

    started = time.perf_counter()
    rows = generate_rows(args.findings, args.tasks, args.measures)
    path.write_bytes(write_workbook_rows(*rows, title=f"{PREFECTURE[0]}·{INSPECTION} 整改台账"))
    print(
        f"generated {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
    )
    return path


# -- the measured run (a child process) ---------------------------------------------------------


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run(args) -> dict:
    import tracemalloc

    fresh_database()
    pref, office = make_prefecture()
    from django.db import connection

    from rectify.documents.ledger_workbook import write_ledger_workbook
    from rectify.ingest import services as ingest
    from rectify.ingest.workbook import read_ledger_workbook
    from rectify.ingest.workbook_columns import TASKS
    from rectify.ledger.models import Inspection, Measure

    path = workbook_path(args)
    result = {"database": connection.vendor, "rows": args.findings + args.tasks + args.measures}
    result["rss_before_mb"] = rss_mb()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    if args.tracemalloc:
        tracemalloc.start()

    def phase(name, work):
        if args.tracemalloc:
            tracemalloc.reset_peak()
        if profiler is not None and name in ("read", "plan", "apply"):
            profiler.enable()
        started, cpu = time.perf_counter(), time.process_time()
        value = work()
        result[f"{name}_s"] = time.perf_counter() - started
        result[f"{name}_cpu_s"] = time.process_time() - cpu
        if profiler is not None:
            profiler.disable()
        if args.tracemalloc:
            result[f"{name}_tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        result[f"{name}_rss_max_mb"] = rss_mb()
        return value

    draft = phase("read", lambda: read_ledger_workbook(path, source=path.name))
    plan = phase(
        "plan", lambda: ingest.ledger_import_plan(unit=pref, inspection_name=INSPECTION, draft=draft)
    )
    assert plan.errors == [], plan.errors[:5]
    phase(
        "apply",
        lambda: ingest.ledger_import_apply(actor=office, unit=pref, inspection_name=INSPECTION, draft=draft),
    )
    draft = plan = None  # let the draft go before the re-check and the export
    inspection = Inspection.objects.get(unit=pref, name=INSPECTION)
    result["counts"] = {
        "findings": inspection.findings.count(),
        "tasks": inspection.tasks.count(),
        "measures": Measure.objects.filter(task__inspection=inspection).count(),
    }

    def recheck():
        again = read_ledger_workbook(path, source=path.name)
        return ingest.ledger_import_plan(unit=pref, inspection_name=INSPECTION, draft=again)

    replan = phase("recheck", recheck)
    result["recheck_changes"] = len(replan.changes) + len(replan.errors)
    exported = phase("export", lambda: write_ledger_workbook(user=office, inspection=inspection))
    if args.tracemalloc:
        tracemalloc.stop()
    if profiler is not None:
        import pstats

        out = OUT / f"profile-{connection.vendor}.txt"
        with out.open("w") as handle:
            stats = pstats.Stats(profiler, stream=handle)
            stats.sort_stats("cumulative").print_stats(60)
            stats.sort_stats("tottime").print_stats(40)
        result["profile"] = str(out.relative_to(ROOT))

    # The export equals the input, cell for cell, but for 完成时限 (derived by the ledger, empty in the input).
    from python_calamine import CalamineWorkbook

    def grid(source):
        book = (
            CalamineWorkbook.from_filelike(source)
            if hasattr(source, "read")
            else CalamineWorkbook.from_path(source)
        )
        return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}

    import io

    given, written = grid(str(path)), grid(io.BytesIO(exported))
    due = TASKS.headers.index("完成时限")
    for rows in (given["整改任务"], written["整改任务"]):
        for row in rows:
            row[due] = ""
    result["export_equals_input"] = given == written
    if given != written:
        for sheet in given:
            for i, (a, b) in enumerate(zip(given[sheet], written.get(sheet, []), strict=False)):
                if a != b:
                    print("first difference", sheet, i, a, b)
                    break
    result["export_mb"] = len(exported) / 1e6
    result["read_plan_apply_s"] = result["read_s"] + result["plan_s"] + result["apply_s"]
    return result


def report(result: dict, memory: dict | None) -> None:
    print(f"database: {result['database']}  rows: {result['rows']:,}  ledger: {result['counts']}")
    print(f"{'phase':<10}{'time s':>9}{'CPU s':>8}{'max RSS MB':>12}{'tracemalloc peak MB':>21}")
    for name in ("read", "plan", "apply", "recheck", "export"):
        peak = f"{memory[f'{name}_tracemalloc_peak_mb']:.0f}" if memory else "-"
        print(
            f"{name:<10}{result[f'{name}_s']:>9.2f}{result[f'{name}_cpu_s']:>8.2f}"
            f"{result[f'{name}_rss_max_mb']:>12.0f}{peak:>21}"
        )
    total = result["read_plan_apply_s"]
    cpu = sum(result[f"{n}_cpu_s"] for n in ("read", "plan", "apply"))
    print(
        f"load average when done: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; this process's CPU: {cpu:.1f} s"
    )
    peak = max(result[f"{n}_rss_max_mb"] for n in ("read", "plan", "apply"))
    print(
        f"read + plan + apply: {total:.1f} s (target ≤ {TARGET_SECONDS} s: {'ok' if total <= TARGET_SECONDS else 'MISS'})"
    )
    print(
        f"peak RSS through apply: {peak:.0f} MB, of which {result['rss_before_mb']:.0f} MB before reading "
        f"(target ≤ {TARGET_MB} MB: {'ok' if peak <= TARGET_MB else 'MISS'})"
    )
    print(
        f"re-import changes: {result['recheck_changes']}; export equals input: {result['export_equals_input']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=1700)
    parser.add_argument("--tasks", type=int, default=8300)
    parser.add_argument("--measures", type=int, default=40000)
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile read + plan + apply (a third run)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    configure()
    if args.child:
        print(json.dumps(run(args), default=str))
        return
    generate(args)
    forwarded = [f"--findings={args.findings}", f"--tasks={args.tasks}", f"--measures={args.measures}"]

    def child(*extra):
        done = subprocess.run(
            [sys.executable, __file__, "--child", *forwarded, *extra],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    timed = child()
    memory = child("--tracemalloc")
    if args.profile:
        print(f"profile: {child('--profile')['profile']}")
    report(timed, memory)
    out = OUT / f"result-{timed['database']}.json"
    out.write_text(json.dumps({"timed": timed, "tracemalloc": memory}, ensure_ascii=False, indent=2))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
