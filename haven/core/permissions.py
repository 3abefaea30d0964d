"""Role-permission checks for views. Object-level access is each app's selectors' job."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_permission_required(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role_permission(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
