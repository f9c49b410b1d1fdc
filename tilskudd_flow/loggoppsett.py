"""Log lines for the long-running processes: ours at INFO, chatty libraries at WARNING."""

import logging
import sys


def sett_opp_logging() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    for stoyende in ("mail.log", "apscheduler", "uvicorn.access"):
        logging.getLogger(stoyende).setLevel(logging.WARNING)
