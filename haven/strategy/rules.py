"""Who may see and change the strategy's records (decision 0025). They are about no child, so
the case access door does not answer for them; this module does, for pages and API alike."""

from haven.accounts import roles


def owns_action(user, action) -> bool:
    """The action's named owner, or a holder of its owning role in its owning agency."""
    if action.owner_user_id is not None:
        return action.owner_user_id == user.pk
    return action.owner_agency_id == user.agency_id and action.owner_role == user.role


def may_update_action(user, action) -> bool:
    """Progress is reported by the action's owner and by the plan's owner."""
    return action.plan.owner_id == user.pk or owns_action(user, action)


def sees_every_plan(user) -> bool:
    """Strategic leads read every plan: the Pan Cheshire Strategic Group keeps them together."""
    return user.has_role_permission(roles.VIEW_AGGREGATES)
