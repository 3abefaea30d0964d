"""Every export that shows a placement shows its address as the one confidential-address rule
decides: the case summary's print page and PDF give the address to the users named on it and
"Confidential address held by <team>" to everyone else, never its line or postcode."""

import pytest
from django.urls import reverse

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case, share
from haven.placements.tests.support import SAFE_HOUSE_ADDRESS, place

pytestmark = pytest.mark.django_db

POSTCODE = "WA1 2ZZ"


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF is made from."""
    made = []
    monkeypatch.setattr(
        "haven.cases.services.pdf_from_html", lambda html: made.append(html) or b"%PDF-1.7"
    )
    return made


def _summary(client, case, name):
    response = client.get(reverse(f"cases:{name}", args=[case.pk]))
    assert response.status_code == 200
    return response


def test_a_named_users_print_and_pdf_show_the_address(world, verified_client, pdf_html):
    la = world.la("warrington")
    case = open_case(world)
    placement = place(la.manager, case, named_users=[la.manager])
    client = verified_client(la.manager)
    printed = _summary(client, case, "case_summary").content.decode()
    _summary(client, case, "case_summary_pdf")
    [pdf] = pdf_html
    for html in (printed, pdf):
        assert "Safe house" in html and "North West Safe Homes" in html
        assert SAFE_HOUSE_ADDRESS in html and POSTCODE in html
        assert "Record a placement" not in html
    # Each showing of the confidential address is recorded, as on the pages.
    assert (
        AuditEvent.objects.filter(
            verb=Verb.VIEWED,
            actor=la.manager,
            target_type="people.address",
            target_id=str(placement.address_id),
        ).count()
        == 2
    )


def test_a_user_not_named_gets_no_address_line_or_postcode_in_print_or_pdf(
    world, verified_client, pdf_html
):
    la = world.la("warrington")
    case = open_case(world)
    place(la.manager, case, named_users=[la.manager])
    client = verified_client(la.practitioner)
    printed = _summary(client, case, "case_summary").content.decode()
    _summary(client, case, "case_summary_pdf")
    [pdf] = pdf_html
    for html in (printed, pdf):
        assert "Safe house" in html
        assert f"Confidential address held by {la.team.name}" in html
        assert SAFE_HOUSE_ADDRESS not in html and "Hidden Row" not in html
        assert POSTCODE not in html and POSTCODE.replace(" ", "") not in html
        assert POSTCODE.lower() not in html.lower()
    assert not AuditEvent.objects.filter(
        verb=Verb.VIEWED, actor=la.practitioner, target_type="people.address"
    ).exists()


def test_a_summary_without_the_placement_section_has_no_placements(
    world, verified_client, pdf_html
):
    la = world.la("warrington")
    case = open_case(world)
    place(la.manager, case, named_users=[la.manager])
    share(world, case, world.school, ["chronology"])
    client = verified_client(world.school.practitioner)
    printed = _summary(client, case, "case_summary").content.decode()
    _summary(client, case, "case_summary_pdf")
    [pdf] = pdf_html
    for html in (printed, pdf):
        assert 'id="placements"' not in html and "North West Safe Homes" not in html
        assert SAFE_HOUSE_ADDRESS not in html
