"""Fault injection, bounded and on loopback only (see `python -m tests.feilprove --help`):

- drep: SIGKILL at seeded random points while transitions are applied and their e-mail
  delivered to a real SMTP server;
- postgres: PostgreSQL restarted while a running server takes a burst of transitions;
- disk: the upload directory (a small tmpfs) fills up during a burst of submissions.

Each prints its counts; the script exits non-zero on any loss. Short seeded runs of each
are in tests/integration/test_feilprove.py.
"""
