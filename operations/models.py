"""What the worker did last: one row per job, for /readyz and the administration."""

from django.db import models


class JobRun(models.Model):
    """The latest run of one of the worker's jobs (operations.worker.JOBS)."""

    name = models.CharField(max_length=40, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    last_result = models.CharField(max_length=200, blank=True, default="")

    def __str__(self) -> str:
        return self.name
