"""APScheduler drives the scheduler's tick; the database holds what is due (see planlegger).

APScheduler 3 cannot share a job store between processes and drops missed runs by default,
so it only keeps time here: one interval job per process, run at start, never two at once.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Sequence
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from tilskudd_flow.domain.tid import OSLO

logger = logging.getLogger("tilskudd_flow.planlegger")


Jobber = Sequence[tuple[float, Callable[[], object]]]


def kjor_hvert(jobber: Jobber) -> None:
    """Call each job now and then every its interval, until SIGTERM or SIGINT.

    The signals are blocked and waited for here rather than handled: a handler that stops
    the scheduler can interrupt this very thread while it holds the executor's lock (it
    submits a tick every interval) and deadlock on it. A running tick is let finish.
    """
    stoppsignaler = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stoppsignaler)  # the scheduler's threads inherit it
    planlegger = BackgroundScheduler(timezone=OSLO)
    _legg_til(planlegger, jobber)
    planlegger.start()
    signum = signal.sigwait(stoppsignaler)
    logger.info("Stopper planleggeren (signal %d)", signum)
    planlegger.shutdown(wait=True)


def i_bakgrunnen(jobber: Jobber) -> BackgroundScheduler:
    """The same jobs in a background thread, beside the web server in one process."""
    planlegger = BackgroundScheduler(timezone=OSLO)
    _legg_til(planlegger, jobber)
    planlegger.start()
    return planlegger


def _legg_til(planlegger: BaseScheduler, jobber: Jobber) -> None:
    for nr, (intervall_sekunder, tikk) in enumerate(jobber):
        planlegger.add_job(
            tikk,
            "interval",
            seconds=intervall_sekunder,
            next_run_time=datetime.now(OSLO),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            id=f"tikk-{nr}",
        )
