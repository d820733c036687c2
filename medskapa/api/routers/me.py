"""``GET /me``: who the API thinks the caller is. The caller's own data, so no audit entry."""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import AuthenticationError

from medskapa.api.access import AUTHENTICATED, require
from medskapa.api.auth import caller
from medskapa.api.models import ApiToken
from medskapa.api.schemas import ErrorOut, MembershipOut, MeOut, TokenOut, UserOut
from medskapa.organisations.models import Membership

router = Router(tags=["me"])


@router.get("", response={200: MeOut, 401: ErrorOut}, url_name="me")
@require(AUTHENTICATED)
def me(request: HttpRequest) -> MeOut:
    """The caller: a user with their memberships, or a token with its organisation and role."""
    actor = caller(request)
    token = actor.extra.get("token")
    if isinstance(token, ApiToken):
        return MeOut(
            kind="token",
            token=TokenOut(
                id=token.pk,
                name=token.name,
                prefix=token.prefix,
                organisation_id=token.organisation_id,
                organisation_name=token.organisation.name,
                role=token.role,
            ),
        )
    user = actor.user
    if user is None:  # authentication lets through only a user or a token
        raise AuthenticationError()
    memberships = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation", "unit")
        .order_by("organisation__name", "role")
    )
    return MeOut(
        kind="user",
        user=UserOut(
            id=user.pk,
            display_name=str(user),
            language=user.preferred_language,
            memberships=[
                MembershipOut(
                    organisation_id=m.organisation_id,
                    organisation_name=m.organisation.name,
                    unit_id=m.unit_id,
                    unit_name=m.unit.name if m.unit is not None else None,
                    role=m.role,
                )
                for m in memberships
            ],
        ),
    )
