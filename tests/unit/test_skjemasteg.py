"""The søknad form's steps: the step a saved draft returns to, and only a real one."""

from __future__ import annotations

import pytest

from tilskudd_flow.web.skjemasteg import SOKNADSSTEG, sendt_steg


def test_the_steps_are_numbered_in_order_and_end_with_the_review() -> None:
    assert [steg.nummer for steg in SOKNADSSTEG] == list(range(1, len(SOKNADSSTEG) + 1))
    assert SOKNADSSTEG[-1].tittel == "Se over og send inn"
    assert SOKNADSSTEG[3].anker == "steg-4"


@pytest.mark.parametrize(("sendt", "steg"), [("4", 4), (" 7 ", 7), (4, 4)])
def test_a_later_step_sent_by_the_form_is_the_step_to_return_to(sendt: object, steg: int) -> None:
    assert sendt_steg(sendt) == steg


@pytest.mark.parametrize("sendt", [None, "", "1", "0", "8", "-2", "abc", "4#x", "9" * 40])
def test_the_first_step_or_no_step_opens_the_page_at_the_top(sendt: object) -> None:
    assert sendt_steg(sendt) is None
