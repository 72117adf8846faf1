from django.core.management.base import BaseCommand

from comments.models import Comment
from comments.rerender import rerender_all
from issues.models import Issue


class Command(BaseCommand):
    help = "Store rendered HTML for comments and issue descriptions whose stored HTML is missing or outdated."

    def handle(self, *args, **options):
        comments, issues = rerender_all(Comment, Issue, link_mentions=True)
        self.stdout.write(f"re-rendered {comments} comments and {issues} issue descriptions")
