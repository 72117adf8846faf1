"""Demo issues for ``seed_demo``: a few real-looking problems in Manggarai and Bukit Duri.

Each demo issue has a fixed submission token, so seeding again finds it instead
of opening a second one. Runs after accounts.demo (INSTALLED_APPS order).
"""

import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.models import Area
from issues import actions

NAMESPACE = uuid.UUID("6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f")

# author e-mail, area slug, category, title, description, (latitude, longitude, address) or None
ISSUES = [
    (
        "warga@demo.balaiwarga.id",
        "manggarai-rw-04",
        "flooding",
        "Saluran air tersumbat di Jalan Manggarai Utara II",
        "Setiap hujan deras, air dari saluran meluap ke jalan dan masuk ke rumah warga RT 05. "
        "Saluran penuh sampah plastik dan lumpur sejak musim hujan lalu.\n\n"
        "- genangan setinggi 30 cm\n- bertahan sampai dua hari",
        ("-6.209810", "106.850120", "Jl. Manggarai Utara II, dekat musala"),
    ),
    (
        "warga@demo.balaiwarga.id",
        "manggarai",
        "safety",
        "Streetlights out along the Ciliwung footpath",
        "Five streetlights between the Manggarai sluice gate and the footbridge have been dark for three weeks. "
        "Children walk this path to school before sunrise.",
        ("-6.208400", "106.851900", "Footpath beside Pintu Air Manggarai"),
    ),
    (
        "warga2@demo.balaiwarga.id",
        "bukit-duri-rw-03",
        "waste",
        "Sampah menumpuk di bantaran Ciliwung",
        "Tumpukan sampah di bantaran sungai dekat RW 03 belum diangkut selama dua minggu. "
        "Baunya sampai ke sekolah dasar di seberang jalan.",
        None,
    ),
    (
        "warga2@demo.balaiwarga.id",
        "bukit-duri",
        "roads",
        "Broken pavement on Jalan Bukit Duri Tanjakan",
        "The pavement has collapsed in two places near the bus stop; wheelchair users have to go into the road.",
        ("-6.218300", "106.857700", "Jl. Bukit Duri Tanjakan, bus stop"),
    ),
]


def seed() -> None:
    User = get_user_model()
    for email, area_slug, category, title, description, place in ISSUES:
        author = User.objects.filter(email=email).first()
        area = Area.objects.filter(slug=area_slug).first()
        if author is None or area is None:
            continue
        latitude, longitude, address = place or (None, None, "")
        actions.open_issue(
            actor=author,
            title=title,
            description=description,
            category=category,
            area=area,
            latitude=Decimal(latitude) if latitude else None,
            longitude=Decimal(longitude) if longitude else None,
            address=address,
            submission_token=uuid.uuid5(NAMESPACE, title),
            by_system=True,  # the demo, not its author: a suspension or stale rate counters must not stop it
        )
