"""The demo's story: what a visitor should see in the first minute (seed_demo runs it last, after
every app's own demo data). A dozen issues across the demo areas with photos and locations,
threads with replies, supports past the threshold so clocks run (one overdue and escalated), an
official response with a commitment and its progress, residents' verdicts, a closed priority
round with its frozen ranking, a hidden comment in the public log with its appeal decided, and
every agency declaring the categories it answers for.

Everything goes through the ordinary actions, as the people named; what happened "days ago"
is played at that time (time-machine), so clocks, deadlines and the timeline agree with each
other the way they would in a real month. The story is told once: running seed_demo again finds
its first issue and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.demo import make_person
from accounts.models import Agency, Area
from accounts import actions as account_actions
from comments import actions as comment_actions
from issues import actions as issue_actions
from issues.models import Issue
from moderation import actions as moderation_actions
from facilitation import demo as facilitation_demo
from reses import demo as reses_demo
from residency import actions as residency_actions
from responses import actions as response_actions
from votes import actions as vote_actions
from votes.models import RoundStanding
from votes.queries import round_issue_ids

NAMESPACE = uuid.UUID("0f6b7c1e-3d2a-4b9c-8e5f-6a7b8c9d0e1f")

# Neighbours who support, discuss and judge (email, display name, home area).
NEIGHBOURS = [
    ("dewi@demo.balaiwarga.id", "Dewi Anggraini", "manggarai-rw-04"),
    ("yusuf@demo.balaiwarga.id", "Yusuf", "manggarai-rw-04"),
    ("ani@demo.balaiwarga.id", "Ani Rahmawati", "manggarai-rw-04"),
    ("rudi@demo.balaiwarga.id", "Rudi Hartono", "manggarai-rw-01"),
    ("maya@demo.balaiwarga.id", "Maya", "manggarai-rw-10"),
    ("fajar@demo.balaiwarga.id", "Fajar Nugroho", "bukit-duri-rw-03"),
    ("lestari@demo.balaiwarga.id", "Lestari", "bukit-duri-rw-03"),
    ("bayu@demo.balaiwarga.id", "Bayu Saputra", "bukit-duri-rw-12"),
    ("wulan@demo.balaiwarga.id", "Wulan", "kebon-baru-rw-07"),
    ("hasan@demo.balaiwarga.id", "Hasan", "manggarai-rw-04"),
    ("rahmat@demo.balaiwarga.id", "Rahmat Hidayat", "bukit-duri-rw-12"),
]
ROADS_OFFICIAL = ("joko@demo.balaiwarga.id", "Joko Prasetyo", "kebon-baru-rw-02")
WASTE_OFFICIAL = ("sari@demo.balaiwarga.id", "Sari Indah", "kebon-baru-rw-02")

CATEGORIES = {
    "Dinas Sumber Daya Air": ["flooding"],
    "Dinas Bina Marga": ["roads", "safety", "transport"],
    "Dinas Lingkungan Hidup": ["waste", "parks"],
}

# title, author, area, category, description, (lat, long, address), photo colour
ISSUES = [
    (
        "Saluran air tersumbat di Jalan Manggarai Utara II",
        "warga@demo.balaiwarga.id",
        "manggarai-rw-04",
        "flooding",
        "Setiap hujan deras, air dari saluran meluap ke jalan dan masuk ke rumah warga RT 05. "
        "Saluran penuh sampah plastik dan lumpur sejak musim hujan lalu.\n\n"
        "- genangan setinggi 30 cm\n- bertahan sampai dua hari",
        ("-6.209810", "106.850120", "Jl. Manggarai Utara II, dekat musala"),
        (60, 90, 110),
    ),
    (
        "Streetlights out along the Ciliwung footpath",
        "warga@demo.balaiwarga.id",
        "manggarai",
        "safety",
        "Five streetlights between the Manggarai sluice gate and the footbridge have been dark for three weeks. "
        "Children walk this path to school before sunrise.",
        ("-6.208400", "106.851900", "Footpath beside Pintu Air Manggarai"),
        (25, 30, 50),
    ),
    (
        "Sampah menumpuk di bantaran Ciliwung",
        "warga2@demo.balaiwarga.id",
        "bukit-duri-rw-03",
        "waste",
        "Tumpukan sampah di bantaran sungai dekat RW 03 belum diangkut selama dua minggu. "
        "Baunya sampai ke sekolah dasar di seberang jalan.",
        None,
        (100, 110, 60),
    ),
    (
        "Broken pavement on Jalan Bukit Duri Tanjakan",
        "warga2@demo.balaiwarga.id",
        "bukit-duri",
        "roads",
        "The pavement has collapsed in two places near the bus stop; wheelchair users have to go into the road.",
        ("-6.218300", "106.857700", "Jl. Bukit Duri Tanjakan, bus stop"),
        (130, 120, 110),
    ),
    (
        "Pohon tumbang menutup trotoar Jalan Tambak",
        "rudi@demo.balaiwarga.id",
        "manggarai-rw-01",
        "parks",
        "Sebuah pohon angsana tumbang saat hujan angin Senin lalu dan masih menutup separuh trotoar.",
        ("-6.207100", "106.847300", "Jl. Tambak, depan SD Negeri"),
        (70, 120, 60),
    ),
    (
        "Zebra cross di depan Stasiun Manggarai sudah pudar",
        "maya@demo.balaiwarga.id",
        "manggarai-rw-10",
        "transport",
        "Garis penyeberangan hampir tidak terlihat; pengendara tidak berhenti untuk pejalan kaki.",
        ("-6.210000", "106.849900", "Jl. Manggarai Raya, pintu selatan stasiun"),
        (90, 90, 90),
    ),
    (
        "Bak sampah komunal RW 12 rusak",
        "bayu@demo.balaiwarga.id",
        "bukit-duri-rw-12",
        "waste",
        "Tutup bak sampah patah dan kucing membongkar sampah setiap malam.",
        ("-6.220100", "106.859200", "Gang Masjid, RW 12"),
        (120, 100, 40),
    ),
    (
        "Genangan di underpass Kebon Baru setiap hujan",
        "wulan@demo.balaiwarga.id",
        "kebon-baru-rw-07",
        "flooding",
        "Pompa di underpass tidak menyala; motor mogok di genangan sedalam 40 cm.",
        ("-6.223400", "106.854000", "Underpass Jl. Kebon Baru"),
        (40, 80, 140),
    ),
    (
        "Lubang besar di Jalan Manggarai Utara I",
        "dewi@demo.balaiwarga.id",
        "manggarai-rw-04",
        "roads",
        "Lubang selebar satu meter di tengah jalan; dua pengendara motor jatuh minggu ini.",
        ("-6.209300", "106.850900", "Jl. Manggarai Utara I, dekat warung Bu Tini"),
        (110, 110, 110),
    ),
    (
        "Taman RW 03 tidak punya penerangan",
        "lestari@demo.balaiwarga.id",
        "bukit-duri-rw-03",
        "safety",
        "Anak-anak bermain di taman sampai magrib; setelah itu gelap total.",
        ("-6.218900", "106.856600", "Taman RW 03, Bukit Duri"),
        (30, 30, 60),
    ),
    (
        "Halte bus tanpa atap di Jalan Saharjo",
        "fajar@demo.balaiwarga.id",
        "bukit-duri",
        "transport",
        "Atap halte dicopot untuk perbaikan tiga bulan lalu dan tidak pernah dipasang lagi.",
        ("-6.216000", "106.852000", "Halte Jl. Dr. Saharjo"),
        (150, 60, 50),
    ),
    (
        "Got mampet di Gang Haji Ali",
        "ani@demo.balaiwarga.id",
        "manggarai-rw-04",
        "flooding",
        "Air got hitam dan berbau; nyamuk banyak sekali sejak dua minggu.",
        None,
        (60, 60, 40),
    ),
]

STORY_MARK = ISSUES[0][0]


def seed() -> None:
    if not Issue.objects.filter(title=STORY_MARK).exists():
        _tell_story()
    # What needs the demo's issues to exist: the paper forms a facilitator transcribed, and the
    # council member's recess meeting, whose attendee's support is one of that facilitator's
    # residents (their own demo.py ran before the issues were opened).
    facilitation_demo.seed()
    reses_demo.seed()


def _tell_story() -> None:
    import time_machine

    now = timezone.now()
    with transaction.atomic():
        people = _people()
        _declare_categories()
        manggarai, bukit_duri = Area.objects.get(slug="manggarai"), Area.objects.get(slug="bukit-duri")
        for area in (manggarai, bukit_duri, Area.objects.get(slug="kebon-baru")):
            response_actions.set_area_policy(area=area, threshold=5, window_days=14, escalation_days=7)
        opened = []
        for days_ago, row in zip(range(32, 32 - 2 * len(ISSUES), -2), ISSUES):
            with time_machine.travel(now - dt.timedelta(days=days_ago), tick=False):
                opened.append(_open(people, *row))
        drain, lights, _waste, pavement, *more = opened
        # The drain: five neighbours 24 days ago; 14 days to answer, nobody did: overdue, escalated.
        with time_machine.travel(now - dt.timedelta(days=24), tick=False):
            _support(drain, people, ["warga", "dewi", "yusuf", "ani", "hasan"])
        _drain_thread(drain, people, now)
        # The streetlights: the threshold reached 5 days ago; the clock is running.
        with time_machine.travel(now - dt.timedelta(days=5), tick=False):
            _support(lights, people, ["warga", "dewi", "yusuf", "rudi", "maya", "ani"])
        _lights_thread(lights, people, now)
        # The pavement: answered with a commitment and progress; residents judged the answer.
        with time_machine.travel(now - dt.timedelta(days=12), tick=False):
            _support(pavement, people, ["warga2", "fajar", "lestari", "bayu", "rahmat"])
        _pavement_answer(pavement, people, now)
        # A few more supports, so the list's priority order says something.
        _support(more[4], people, ["warga", "dewi", "ani"])
        _support(more[2], people, ["rahmat"])
        _support(more[5], people, ["lestari", "fajar", "warga2"])
        _round(bukit_duri, people, now)
        response_actions.run_deadlines()


def _people() -> dict[str, object]:
    """The demo's people by the part of their e-mail before the @ ("warga", "dewi", "pejabat" …)."""
    User = get_user_model()
    for email, name, home in [*NEIGHBOURS, ROADS_OFFICIAL, WASTE_OFFICIAL]:
        if not User.objects.filter(email=email).exists():
            make_person(email, name, home)
    for email, _name, home in NEIGHBOURS:
        user = User.objects.get(email=email)
        if not user.profile.is_verified_resident:
            residency_actions.verify_resident(user=user, area=Area.objects.get(slug=home), by="seed_demo")
    tebet = [Area.objects.get(slug="tebet")]
    for (email, _name, _home), agency in (
        (ROADS_OFFICIAL, "Dinas Bina Marga"),
        (WASTE_OFFICIAL, "Dinas Lingkungan Hidup"),
    ):
        account_actions.grant_official(
            user=User.objects.get(email=email), agency=Agency.objects.get(name=agency), areas=tebet, by="seed_demo"
        )
    return {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.balaiwarga.id")}


def _declare_categories() -> None:
    for name, categories in CATEGORIES.items():
        agency = Agency.objects.filter(name=name).first()
        if agency is not None:
            response_actions.declare_categories(agency=agency, categories=categories)


def _photo(colour: tuple[int, int, int], title: str) -> SimpleUploadedFile:
    """A drawn stand-in for a resident's photo (the demo ships no pictures of real streets)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, 960, 80):  # a little texture, so it reads as a picture, not a swatch
        draw.line([(i, 640), (i + 320, 0)], fill=tuple(min(255, c + 25) for c in colour), width=18)
    draw.rectangle([(40, 520), (920, 600)], fill=(255, 255, 255))
    draw.text((60, 545), title[:70], fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg")


def _open(people, title, author, area, category, description, place, colour) -> Issue:
    latitude, longitude, address = place or (None, None, "")
    return issue_actions.open_issue(
        actor=people[author.split("@")[0]],
        title=title,
        description=description,
        category=category,
        area=Area.objects.get(slug=area),
        latitude=Decimal(latitude) if latitude else None,
        longitude=Decimal(longitude) if longitude else None,
        address=address,
        photos=[_photo(colour, title)],
        submission_token=uuid.uuid5(NAMESPACE, title),
        by_system=True,  # the demo, not its author: stale rate counters in a shared Redis must not stop it
    )


def _support(issue: Issue, people, names: list[str]) -> None:
    for name in names:
        vote_actions.cast_vote(actor=people[name], issue=issue)


def _say(issue, person, body, *, at, parent=None):
    import time_machine

    with time_machine.travel(at, tick=False):
        return comment_actions.post_comment(
            actor=person, issue=issue, body=body, parent=parent, submission_token=uuid.uuid5(NAMESPACE, body)
        )


def _drain_thread(drain: Issue, people, now) -> None:
    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731
    first = _say(drain, people["dewi"], "Di depan rumah saya juga begitu. Airnya masuk sampai dapur.", at=days(23))
    _say(drain, people["yusuf"], "Betul, kemarin motor saya mogok di situ.", at=days(23), parent=first)
    _say(
        drain,
        people["ani"],
        "Kami sudah lapor ke kelurahan bulan lalu, belum ada yang datang. Semoga lewat sini lebih didengar.",
        at=days(20),
    )
    rude = _say(drain, people["maya"], "Petugasnya memang malas semua, percuma lapor!", at=days(18))
    hide = moderation_actions.hide_item(
        actor=people["moderator"], item=rude, reason="abuse", note="Name-calling of the officials, not the problem"
    )
    appeal = moderation_actions.appeal(actor=people["maya"], action=hide, text="Saya hanya kesal, bukan menghina.")
    moderation_actions.decide_appeal(
        actor=people["admin"],
        appeal=appeal,
        overturn=False,
        note="The frustration is fair; the insult is not. Say it again without it and it stays.",
    )
    _say(drain, people["maya"], "Maaf. Intinya: sudah tiga minggu dan belum ada tanggapan.", at=days(17))


def _lights_thread(lights: Issue, people, now) -> None:
    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731
    first = _say(lights, people["rudi"], "Anak saya lewat jalan itu jam lima pagi. Gelap sekali.", at=days(5))
    _say(lights, people["warga"], "Lima tiang, saya sudah hitung. Nomor tiangnya saya foto.", at=days(4), parent=first)
    _say(lights, people["maya"], "Terima kasih sudah menghitung, Siti.", at=days(4), parent=first)


def _pavement_answer(pavement: Issue, people, now) -> None:
    import time_machine

    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731
    _say(pavement, people["fajar"], "Kursi roda ibu saya tidak bisa lewat sama sekali.", at=days(11))
    with time_machine.travel(days(8), tick=False):
        response = response_actions.publish_response(
            actor=people["joko"],
            issue=pavement,
            status="in_progress",
            body=(
                "Terima kasih atas laporannya. Tim Bina Marga sudah meninjau lokasi: dua titik trotoar amblas "
                "karena saluran di bawahnya runtuh. Perbaikan saluran dan trotoar dijadwalkan."
            ),
            commitment=response_actions.CommitmentDraft(
                what="Rebuild the drain and the pavement at both points, with a ramp at the bus stop",
                due_date=(now + dt.timedelta(days=21)).date(),
                budget_rupiah=45_000_000,
            ),
            submission_token=uuid.uuid5(NAMESPACE, "pavement response"),
        )
    with time_machine.travel(days(2), tick=False):
        response_actions.add_progress(
            actor=people["joko"],
            commitment=response.commitment,
            note="The drain under the first point is rebuilt; the pavement follows next week.",
        )
        for name, answers in (("fajar", True), ("lestari", True), ("bayu", False)):
            response_actions.give_verdict(actor=people[name], response=response, answers=answers)


def _round(bukit_duri: Area, people, now) -> None:
    import time_machine

    with time_machine.travel(now - dt.timedelta(days=10), tick=False):
        round_ = vote_actions.open_round(
            actor=people["moderator"],
            area=bukit_duri,
            rules=vote_actions.RoundRules(
                title="Prioritas Bukit Duri, Desember 2026",
                budget=10,
                standing=RoundStanding.LIVE,
                closes_at=now - dt.timedelta(days=3),
            ),
            submission_token=uuid.uuid5(NAMESPACE, "round"),
        )
        in_round = sorted(round_issue_ids(round_))[:3]
        for name, spread in (("warga2", (5, 3, 2)), ("fajar", (2, 5, 3)), ("lestari", (5, 1, 4)), ("bayu", (1, 5, 4))):
            points = dict(zip(in_round, spread))
            vote_actions.allocate_points(actor=people[name], round_=round_, points=points)
    vote_actions.close_due_rounds()
