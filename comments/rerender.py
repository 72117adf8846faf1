"""Store the rendered HTML of texts written before it was stored, or by an older renderer.

Used by the migration that added the stored HTML and by ``manage.py rerender_texts``
(run it after deploying a change of core.markdown.RENDERER_VERSION). Until a row is
re-rendered, its page renders it on every view, correctly but slowly.
"""

from __future__ import annotations

from core.markdown import RENDERER_VERSION, rendered


def rerender(model, text_field: str, batch: int = 500, finish=None, fields=()) -> int:
    """Re-render every row of ``model`` whose stored HTML is missing or of another version;
    ``finish(row, html)`` may add to the HTML (a comment's @mention links)."""
    html_field, version_field = f"{text_field}_html", f"{text_field}_html_version"
    stale = model.objects.exclude(**{version_field: RENDERER_VERSION}).order_by("pk")
    done, last = 0, 0
    while True:
        rows = list(stale.filter(pk__gt=last).only("pk", text_field, *fields)[:batch])
        if not rows:
            return done
        for row in rows:
            html, version = rendered(getattr(row, text_field))
            html = finish(row, html) if finish else html
            setattr(row, html_field, html)
            setattr(row, version_field, version)
        model.objects.bulk_update(rows, [html_field, version_field])
        done, last = done + len(rows), rows[-1].pk


def _link_mentions(comment, html: str) -> str:
    from comments import mentions

    return mentions.link_mentions(html, mentions.resolve(comment.body, issue=comment.issue))


def rerender_all(comment_model, issue_model, *, link_mentions: bool = False) -> tuple[int, int]:
    """``link_mentions`` (the command, with today's models; not the migration's historical ones)
    links @mentions again, as posting does."""
    finish, fields = (_link_mentions, ("issue",)) if link_mentions else (None, ())
    comments = rerender(comment_model, "body", finish=finish, fields=fields)
    return comments, rerender(issue_model, "description")
