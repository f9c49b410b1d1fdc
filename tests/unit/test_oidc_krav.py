"""Claims from UserInfo join the ID token's only when both speak of the same subject."""

from __future__ import annotations

import pytest

from tilskudd_flow.kontoer.oidc_innlogging import med_userinfo


def test_userinfo_adds_claims_and_the_id_tokens_own_win() -> None:
    krav = med_userinfo({"sub": "a", "acr": "x"}, {"sub": "a", "email": "e@x.no", "acr": "y"})
    assert krav == {"sub": "a", "acr": "x", "email": "e@x.no"}


@pytest.mark.parametrize("userinfo", [{"sub": "b", "email": "e@x.no"}, {"email": "e@x.no"}])
def test_userinfo_for_another_or_no_subject_is_refused(userinfo: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="annen sub"):
        med_userinfo({"sub": "a"}, userinfo)
