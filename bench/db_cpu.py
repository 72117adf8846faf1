"""CPU spent by the PostgreSQL backends serving one database (for information beside the
server's own CPU): the backends' pids come from pg_stat_activity, their CPU from /proc."""

from __future__ import annotations

from bench.common import cpu_seconds

PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


class DatabaseCpu:
    def __init__(self, database: str):
        import psycopg2

        self.database = database
        self.conn = psycopg2.connect(PG_SERVER)
        self.conn.autocommit = True

    def sample(self) -> dict[int, float]:
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database])
            return {pid: cpu_seconds(pid) for (pid,) in cursor.fetchall()}

    def since(self, before: dict[int, float]) -> float:
        """CPU used since ``before`` by backends alive now (new ones count from zero)."""
        return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in self.sample().items())
