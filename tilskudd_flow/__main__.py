"""`python -m tilskudd_flow …` is the same as `tilskudd …`."""

from tilskudd_flow.cli.main import run

run()
