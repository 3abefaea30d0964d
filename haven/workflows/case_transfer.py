"""A case transfer accepted: the receiving team becomes the lead (cases), then the open tasks
the sending team owned on the case move to it (actions), in one transaction."""

from django.db import transaction

from haven.accounts.models import User
from haven.actions.services import tasks_move_to_team
from haven.cases.models import CaseTransfer
from haven.cases.services import case_transfer_acceptance_record


@transaction.atomic
def case_transfer_accept(
    *, actor: User, transfer: CaseTransfer, lead_practitioner_id: int | None = None
) -> CaseTransfer:
    transfer = case_transfer_acceptance_record(
        actor=actor, transfer=transfer, lead_practitioner_id=lead_practitioner_id
    )
    tasks_move_to_team(
        actor=actor, case=transfer.case, from_team=transfer.from_team, to_team=transfer.to_team
    )
    return transfer
