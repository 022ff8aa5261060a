"""``python -m statuteparse`` runs the command line."""

from .cli import main

main(prog_name="statuteparse")
