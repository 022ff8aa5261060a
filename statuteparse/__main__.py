"""``python -m statuteparse`` runs the command line."""

from .cli import run

run()
