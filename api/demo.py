"""Demo data: an Open311 client with a published key, so the README's curl examples work on `make run`."""

from accounts.models import Area
from api import actions
from api.models import Open311Client

DEMO_CLIENT = "Demo 311 app"
DEMO_KEY = "balai-warga-demo-open311-key"  # published, like the demo password: seed_demo runs only with DEBUG


def seed() -> None:
    area = Area.objects.filter(slug="manggarai").first()
    if area is None or Open311Client.objects.filter(name=DEMO_CLIENT).exists():
        return
    actions.issue_client(name=DEMO_CLIENT, contact="admin@demo.balaiwarga.id", area=area, key=DEMO_KEY)
