"""Generate a national-scale rectification ledger for the ledger-page benchmark.

    DJANGO_SETTINGS_MODULE=config.settings.dev [DATABASE_URL=postgres://...] \
        .venv/bin/python bench/generate.py [--tasks 50000] [--measures-per-task 5] [--reset]

Without DATABASE_URL the data goes to SQLite under bench/out/sqlite/ (never the demo database).

Shape: 31 regions (roots) → 400 prefectures → per prefecture 5 counties, 2 parks and 10 departments;
one second-round central inspection per prefecture with 18 findings and ≈125 tasks (50,000 in all),
each with 5 measures; ≈10% of tasks have a two-stage deadline and so two milestones.
People: 5 leaders, an office and a liaison per county for each prefecture; an office per region; and
`bench_national`, the office over every region. Every account's password is "bench".

Rows go in with bulk_create, bypassing the services, so every derived column they would fill is set
here: OrgUnit.path/depth (explicit ids), the task's deadline fields (through the services' own
`apply_deadline` on the parsed deadline), start_day/due_day, Milestone.due_day. No audit events.
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _env

REGIONS = 31
PREFECTURES = 400
COUNTIES, PARKS, DEPARTMENTS, LEADERS = 5, 2, 10, 5
FINDINGS = 18
PASSWORD = "bench"
BATCH = 2000
SEARCH_WORD = "黑臭水体"  # appears in some task titles: the ledger benchmark searches for it

# ---------------------------------------------------------------- text pools (all names invented)

NAME_CHARS = (
    "青川云河山泉林嘉宁安平阳丰华兴东西南北清源岭湖溪石桥江海德昌恒永泰和瑞祥远明新金玉宝龙凤鹤"
    "松柏梅兰竹临峰沙原芦盘崇庆延广怀化隆普定康寿乐"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "建国立群明华志强伟军文静丽敏红海涛平刚杰斌宏英芳玲霞东亮新春秋雪峰健超勇晓燕兰桂林云飞鹏"
DEPARTMENTS_OF = [
    ("生态环境局", "sthj"),
    ("发展和改革委员会", "fgw"),
    ("工业和信息化局", "gxj"),
    ("水利局", "slj"),
    ("自然资源局", "zrzy"),
    ("林业和草原局", "lcj"),
    ("住房和城乡建设局", "zjj"),
    ("交通运输局", "jtj"),
    ("农业农村局", "nyj"),
    ("城市管理局", "cgj"),
]
PARK_KINDS = ["高新技术产业开发区", "经济技术开发区", "化工园区", "工业园区", "循环经济产业园区"]
LEADER_TITLES = ["市委副书记、市长", "市委常委、常务副市长", "副市长", "副市长", "市委常委、秘书长"]
CATEGORIES = [
    "political",
    "industry",
    "energy",
    "water_resources",
    "air",
    "water",
    "soil_waste",
    "ecology",
    "petition",
    "rectification",
]
CN_DIGITS = "零一二三四五六七八九"

# (object of the problem, what went wrong): titles are "<place><object><problem>整改" and the like.
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
    "“散乱污”企业",
    "秸秆露天焚烧",
    "钢铁行业超低排放改造",
    "“两高”项目准入",
    "高耗能项目节能审查",
    "矿山生态修复",
    "自然保护区违规开发",
    "天然草原超载过牧",
    "湿地保护",
    "河道非法采砂",
    "尾矿库环境风险",
    "危险废物规范化管理",
    "生活垃圾填埋场渗滤液",
    "医疗废物处置",
    "畜禽养殖污染",
    "农村生活污水治理",
    "地下水超采",
    "小水电生态流量",
    "土壤污染风险管控",
    "固体废物堆存",
    "城市黑臭水体返黑返臭",
]
PROBLEMS = [
    "问题整改",
    "不到位问题整改",
    "进展滞后问题整改",
    "排查整治",
    "问题专项整治",
    "整治不彻底问题整改",
    "监管缺位问题整改",
    "治理",
]
VERBS = [
    "全面排查",
    "组织开展",
    "建立健全",
    "加快推进",
    "深入实施",
    "严格落实",
    "持续开展",
    "督促指导",
]
DETAILS = [
    "逐一建立问题清单、责任清单和整改清单，明确整改时限和责任人",
    "对发现的问题实行挂牌督办，按月调度整改进展",
    "依法依规查处违法违规行为，涉嫌犯罪的移送司法机关",
    "完善长效监管机制，落实属地管理责任和行业监管责任",
    "委托第三方机构开展评估，评估结果向社会公开",
    "将整改情况纳入年度目标责任考核，考核结果与干部任用挂钩",
    "加大财政资金投入，统筹中央和自治区专项资金支持项目建设",
    "开展“回头看”，坚决防止问题反弹",
]
TAILS = [
    "确保按期完成整改任务。",
    "切实做到问题不解决不松手、整改不到位不销号。",
    "整改情况及时报市督察整改办公室。",
    "形成可复制可推广的经验做法。",
    "主动接受社会监督。",
]
PROGRESS_NOTES = [
    "已完成现场核查，建立问题台账{n}项，已整改{m}项，其余正在按计划推进。",
    "已下达整改通知书{n}份，完成整改{m}家，累计投入资金{n}百万元。",
    "项目已开工建设，完成投资约{m}%，计划年底前完工并投入运行。",
    "已召开专题调度会{n}次，现场督导{m}次，整改工作总体按序时推进。",
    "已完成整改并通过市级验收，相关资料已报送市督察整改办公室备案。",
]


def place_name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.sample(NAME_CHARS, 2)) + suffix


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals (一, 十, 十八, 二十三)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")


def measure_text(rng: random.Random, place: str, obj: str) -> str:
    """≈80 characters: verb + object, one or two details, a closing phrase."""
    first, second = rng.sample(DETAILS, 2)
    text = f"{rng.choice(VERBS)}{place}{obj}专项行动，{first}"
    if len(text) < 50:
        text += f"，{second}"
    return f"{text}，{rng.choice(TAILS)}"


def progress_note(rng: random.Random) -> str:
    return rng.choice(PROGRESS_NOTES).format(n=rng.randint(2, 60), m=rng.randint(1, 40))


def deadline_text(rng: random.Random, feedback_on: date) -> str:
    """A raw deadline as plans write them: dated (2023–2028, after the feedback), ranged, two-staged,
    or immediate/ongoing."""
    month = rng.choice((3, 6, 6, 6, 9, 11, 12, 12, 12)) if rng.random() < 0.8 else rng.randint(1, 12)
    first = max(2023, feedback_on.year + (1 if month <= feedback_on.month else 0))
    year = rng.randint(first, max(first, 2028))
    roll = rng.random()
    if roll < 0.30:
        return f"{max(2023, feedback_on.year) + rng.randint(0, 4)}年底前"
    if roll < 0.50:
        return f"{year}年{month}月底前"
    if roll < 0.58:
        return f"{year}年{month}月底前完成，长期坚持"
    if roll < 0.65:
        return f"{feedback_on.year}年{feedback_on.month}月至{rng.randint(feedback_on.year + 1, 2028)}年12月"
    if roll < 0.75:  # two stages → two milestones
        stage = rng.randint(max(2023, feedback_on.year), 2026)
        return f"{stage}年底前完成排查整治，{rng.randint(stage + 1, 2028)}年底前全面完成整改"
    if roll < 0.87:
        return "立行立改，长期坚持"
    if roll < 0.92:
        return "长期坚持"
    if roll < 0.97:
        return "立行立改"
    return "分阶段推进"


# States: ≈60% done, the rest in progress, not started or reopened.
STATES = [
    ("signed_off", 30),
    ("public_notice", 4),
    ("accepted", 8),
    ("acceptance_requested", 7),
    ("self_reported", 11),
    ("in_progress", 28),
    ("not_started", 5),
    ("reopened", 7),
]


def progress_history(rng: random.Random, task, feedback_on: date, today: date) -> list:
    """A task's progress history (TaskProgress), as monthly reports leave it: none before any progress;
    else 1–4 entries between the feedback and the latest report, percents rising in progress, the last
    one the task as it now stands (its state, percent and text)."""
    from rectify.ledger.models import TaskProgress

    if not task.progress:
        return []
    last_on = task.progress_on or today
    first_on = min(feedback_on + timedelta(days=60), last_on)
    count = rng.randint(1, 4)
    days = sorted(rng.randint(0, (last_on - first_on).days) for _ in range(count - 1))
    entries = []
    for i, offset in enumerate(days, start=1):
        text = progress_note(rng)
        entries.append(
            TaskProgress(
                task_id=task.pk,
                as_of=first_on + timedelta(days=offset),
                state="in_progress",
                progress=min(99, task.progress * i // count),
                status_text=text[:100],
                text=text,
                source="月报",
            )
        )
    entries.append(
        TaskProgress(
            task_id=task.pk,
            as_of=last_on,
            state=task.state,
            progress=task.progress,
            status_text=task.progress_text[:100],
            text=task.progress_text,
            source="月报",
        )
    )
    return entries


# ---------------------------------------------------------------- database handling


def reset_database() -> None:
    """Empty the benchmark database: delete the SQLite file, or drop PostgreSQL's public schema."""
    from django.db import connection

    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        if _env.SQLITE_DIR not in name.parents:
            sys.exit(f"refusing to delete {name}: not under {_env.SQLITE_DIR}")
        connection.close()
        for path in (name, Path(f"{name}-wal"), Path(f"{name}-shm")):
            path.unlink(missing_ok=True)
        return
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("refusing --reset on a database whose name does not contain 'bench'")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def has_data() -> bool:
    from django.contrib.auth import get_user_model

    from rectify.ledger.models import Task
    from rectify.orgunits.models import OrgUnit

    return OrgUnit.objects.exists() or Task.objects.exists() or get_user_model().objects.exists()


class Writer:
    """Buffers model instances and bulk-creates them in batches, counting rows per model."""

    def __init__(self):
        self.buffers: dict[type, list] = {}
        self.counts: dict[str, int] = {}

    def add(self, obj) -> None:
        buffer = self.buffers.setdefault(type(obj), [])
        buffer.append(obj)
        if len(buffer) >= BATCH:
            self.flush(type(obj))

    def flush(self, model=None) -> None:
        for m in [model] if model else list(self.buffers):
            rows = self.buffers.get(m) or []
            if rows:
                m.objects.bulk_create(rows, batch_size=BATCH)
                self.counts[m._meta.label] = self.counts.get(m._meta.label, 0) + len(rows)
                rows.clear()


def reset_sequences(models) -> None:
    """After explicit ids, move PostgreSQL's sequences past them (no-op on SQLite)."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# ---------------------------------------------------------------- generation


def generate(tasks_total: int, measures_per_task: int, seed: int) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from rectify.ledger.deadlines import parse_deadline
    from rectify.ledger.models import Finding, Inspection, Measure, Milestone, Task, day_number
    from rectify.ledger.schedule import TaskSchedule, planned_progress
    from rectify.ledger.services import apply_deadline
    from rectify.orgunits.models import OrgUnit, Role, RoleAssignment

    User = get_user_model()
    TaskFinding = Task.findings.through
    TaskCooperation = Task.cooperating_units.through
    rng = random.Random(seed)
    history_rng = random.Random(seed + 1)  # its own stream: the rest of the data set is as before it
    today = timezone.localdate()
    password = make_password(PASSWORD)  # hashed once, shared by every account
    writer = Writer()
    ids = {"unit": 0, "user": 0, "finding": 0, "task": 0, "milestone": 0, "measure": 0}
    parsed: dict[tuple[str, date], object] = {}
    state_names, state_weights = zip(*STATES, strict=True)

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def unit(name: str, short: str, kind: str, parent: OrgUnit | None, order: int) -> OrgUnit:
        pk = next_id("unit")
        obj = OrgUnit(
            id=pk,
            name=name,
            short_name=short,
            kind=kind,
            parent_id=parent.pk if parent else None,
            path=f"{parent.path if parent else '/'}{pk}/",
            depth=parent.depth + 1 if parent else 0,
            sort_order=order,
        )
        writer.add(obj)
        return obj

    def user(username: str, title: str, roles: list[tuple[str, OrgUnit, bool]]) -> int:
        pk = next_id("user")
        writer.add(
            User(
                id=pk,
                username=username,
                password=password,
                full_name=person_name(rng),
                title=title,
                phone=f"0{rng.randint(900, 999)}-{rng.randint(6000000, 6999999)}",
            )
        )
        for role, on, subtree in roles:
            writer.add(RoleAssignment(user_id=pk, role=role, unit_id=on.pk, include_subtree=subtree))
        return pk

    # Prefectures per region: 400 split as evenly as possible across the 31 regions.
    per_region = [PREFECTURES // REGIONS + (1 if r < PREFECTURES % REGIONS else 0) for r in range(REGIONS)]
    # Tasks per prefecture: tasks_total split evenly (≈125 for 50,000).
    per_prefecture = [
        tasks_total // PREFECTURES + (1 if p < tasks_total % PREFECTURES else 0) for p in range(PREFECTURES)
    ]

    regions = []
    for r in range(REGIONS):
        suffix = "自治区" if r % 6 == 5 else "省"
        name = place_name(rng, suffix)
        regions.append(unit(name, name.removesuffix(suffix), "region", None, r))
    user("bench_national", "国家督察整改办公室", [(Role.OFFICE, region, True) for region in regions])
    for r, region in enumerate(regions):
        user(f"bench_prov_{r + 1:02d}", f"{region.short_name}督察整改办公室", [(Role.OFFICE, region, True)])

    p = 0
    for r, region in enumerate(regions):
        for _ in range(per_region[r]):
            pname = place_name(rng, "市")
            pref = unit(pname, pname, "prefecture", region, p)
            short = pname.removesuffix("市")
            counties = []
            for c in range(COUNTIES):
                cname = place_name(rng, rng.choice("县县区市"))
                counties.append(unit(cname, cname, "county", pref, c))
            parks = []
            for k, kind in enumerate(rng.sample(PARK_KINDS, PARKS)):
                parks.append(unit(f"{pname}{kind}", f"{short}{kind[:2]}", "park", pref, COUNTIES + k))
            departments = []
            for d, (dept, _code) in enumerate(DEPARTMENTS_OF[:DEPARTMENTS]):
                departments.append(unit(f"{pname}{dept}", f"市{dept}", "department", pref, 10 + d))
            user(f"bench_office_{p + 1:03d}", f"{pname}督察整改办公室", [(Role.OFFICE, pref, True)])
            leaders = [
                user(f"bench_leader_{p + 1:03d}_{k + 1}", LEADER_TITLES[k], [(Role.LEADER, pref, False)])
                for k in range(LEADERS)
            ]
            for c, county in enumerate(counties):
                user(
                    f"bench_liaison_{p + 1:03d}_{c + 1}",
                    f"{county.name}督察整改联络员",
                    [(Role.LIAISON, county, False)],
                )

            # The inspection of this prefecture, its findings, its tasks.
            feedback_on = date(2022, 1, 1) + timedelta(days=rng.randint(0, 3 * 365 - 1))
            inspection = Inspection(
                id=p + 1,
                name="第二轮中央生态环境保护督察",
                kind="central",
                round_number=2,
                unit_id=pref.pk,
                team=f"中央第{cn_number(rng.randint(1, 8))}生态环境保护督察组",
                stay_start=feedback_on - timedelta(days=73),
                stay_end=feedback_on - timedelta(days=43),
                feedback_on=feedback_on,
                rule_set="《中央生态环境保护督察工作规定》《中央生态环境保护督察整改工作办法》",
            )
            writer.add(inspection)
            finding_ids = []
            for n in range(1, FINDINGS + 1):
                obj = rng.choice(OBJECTS)
                finding_ids.append(next_id("finding"))
                writer.add(
                    Finding(
                        id=finding_ids[-1],
                        inspection_id=inspection.pk,
                        number=n,
                        label=cn_number(n),
                        city_seq=n,
                        category=rng.choice(CATEGORIES),
                        text=(
                            f"{pname}{obj}工作推进不力，{rng.choice(DETAILS)}的要求没有落实到位。"
                            f"督察发现，{rng.choice(counties).name}等地{obj}问题突出，"
                            f"群众反映强烈，{rng.choice(TAILS)}"
                        ),
                    )
                )
            units_here = counties + parks + departments
            lead_pool = departments * 3 + counties * 3 + parks  # departments and counties lead most
            sthj = departments[0]
            for number in range(1, per_prefecture[p] + 1):
                lead = rng.choice(lead_pool)
                obj = rng.choice(OBJECTS)
                place = lead.name if lead.kind != "department" else pname
                state = rng.choices(state_names, state_weights)[0]
                task_id = next_id("task")
                task = Task(
                    id=task_id,
                    inspection_id=inspection.pk,
                    number=number,
                    title=f"{place}{obj}{rng.choice(PROBLEMS)}",
                    target=f"{rng.choice(DETAILS)}，{obj}问题整改到位，{rng.choice(TAILS)}",
                    lead_leader_id=rng.choice(leaders),
                    lead_unit_id=lead.pk,
                    responsible_person=person_name(rng),
                    responsible_phone=f"1{rng.randint(3000000000, 9999999999)}",
                    acceptance_unit_id=sthj.pk,
                    state=state,
                )
                raw = deadline_text(rng, feedback_on)
                key = (raw, feedback_on)
                if key not in parsed:
                    parsed[key] = parse_deadline(raw, reference=feedback_on)
                milestones = apply_deadline(task, parsed[key], default_start=feedback_on)
                task.start_day, task.due_day = day_number(task.start_on), day_number(task.due_on)
                if state == "not_started":
                    task.progress = 0
                elif state in ("in_progress", "reopened"):
                    planned = planned_progress(
                        TaskSchedule(
                            state=state,
                            is_long_term=task.is_long_term,
                            start_on=task.start_on,
                            due_on=task.due_on,
                            progress=0,
                            milestones=tuple((m[0], m[1]) for m in milestones),
                        ),
                        today,
                    )
                    centre = rng.randint(20, 80) if planned is None else planned
                    task.progress = max(1, min(99, round(centre + rng.gauss(0, 15))))
                else:
                    task.progress = 100
                if task.progress:
                    task.progress_text = progress_note(rng)
                    task.progress_on = today - timedelta(days=rng.randint(0, 90))
                writer.add(task)
                for when, percent, text in milestones:
                    writer.add(
                        Milestone(
                            id=next_id("milestone"),
                            task_id=task_id,
                            due_on=when,
                            due_day=day_number(when),
                            percent=percent,
                            text=text[:300],
                        )
                    )
                covered = {finding_ids[(number - 1) % FINDINGS]}
                if rng.random() < 0.4:
                    covered.add(rng.choice(finding_ids))
                for finding_id in covered:
                    writer.add(TaskFinding(task_id=task_id, finding_id=finding_id))
                partners = rng.sample([u for u in units_here if u is not lead], rng.choice((0, 1, 1, 2)))
                for partner in partners:
                    writer.add(TaskCooperation(task_id=task_id, orgunit_id=partner.pk))
                for entry in progress_history(history_rng, task, feedback_on, today):
                    writer.add(entry)
                for m in range(1, measures_per_task + 1):
                    responsible = (
                        lead if m == 1 or not partners or rng.random() < 0.6 else rng.choice(partners)
                    )
                    reported = task.progress > 0 and rng.random() < 0.7
                    writer.add(
                        Measure(
                            id=next_id("measure"),
                            task_id=task_id,
                            number=m,
                            text=measure_text(
                                rng, responsible.name if responsible.kind != "department" else "", obj
                            ),
                            responsible_unit_id=responsible.pk,
                            progress_text=progress_note(rng) if reported else "",
                            progress_on=task.progress_on if reported else None,
                        )
                    )
            p += 1
            if p % 50 == 0:
                writer.flush()
                print(f"  {p}/{PREFECTURES} prefectures, {ids['task']} tasks", flush=True)

    writer.flush()
    reset_sequences([OrgUnit, User, Inspection, Finding, Task, Milestone, Measure])
    return writer.counts


def analyze() -> None:
    """Bring the database to a steady state: planner statistics (ANALYZE), and on PostgreSQL the
    visibility map as autovacuum would leave it (VACUUM), so index-only scans behave as in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--measures-per-task", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--reset", action="store_true", help="empty the benchmark database first")
    parser.add_argument(
        "--no-analyze", action="store_true", help="skip ANALYZE at the end (planner without statistics)"
    )
    parser.add_argument(
        "--no-flags",
        action="store_true",
        help="leave the stored flags empty (as before the daily job ran: the ledger computes them)",
    )
    args = parser.parse_args()

    _env.setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    if args.reset:
        reset_database()
    call_command("migrate", interactive=False, verbosity=0)
    if has_data():
        sys.exit(f"{_env.database_label()} already holds data: run again with --reset to replace it.")
    print(f"generating into {_env.database_label()} ...", flush=True)
    migrated = time.perf_counter()
    with transaction.atomic():
        counts = generate(args.tasks, args.measures_per_task, args.seed)
    generated = time.perf_counter()
    if not args.no_flags:
        from rectify.ledger.flags import flags_refresh_day

        flags_refresh_day()  # what the daily job does: today's flag stored on every task
    flagged = time.perf_counter()
    from rectify.ledger.models import Task
    from rectify.ledger.search import search_refresh

    with transaction.atomic():
        search_refresh(Task.objects.all(), lock=False)  # what the services write with every task
    indexed = time.perf_counter()
    if not args.no_analyze:
        analyze()
    done = time.perf_counter()
    connection.close()

    width = max(len(label) for label in counts)
    for label, n in sorted(counts.items()):
        print(f"  {label:<{width}} {n:>9,}")
    print(
        f"migrate {migrated - started:.1f} s, generate {generated - migrated:.1f} s, "
        f"store flags {flagged - generated:.1f} s, search rows {indexed - flagged:.1f} s, "
        f"analyze {done - indexed:.1f} s, total {done - started:.1f} s; "
        f"database size {_env.megabytes(_env.database_size_bytes())}"
    )


if __name__ == "__main__":
    main()
