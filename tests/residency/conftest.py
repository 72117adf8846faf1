"""The verified residents of the vote tests serve here too."""

from tests.votes.conftest import neighbours, verified_budi, verified_siti, verify  # noqa: F401
