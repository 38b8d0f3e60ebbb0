from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class GroupsClaimValidator(OAuth2Validator):
    """Adds the user's names, e-mail and group names (the "groups" claim) to the ID token and userinfo."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "groups": "groups",
        "email": "email",
        "given_name": "profile",
        "family_name": "profile",
        "preferred_username": "profile",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "preferred_username": user.username,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }

    def validate_bearer_token(self, token: str, scopes: Any, request: Any) -> bool:
        # A disabled account's tokens stop working at once (as at a real provider).
        valid = super().validate_bearer_token(token, scopes, request)
        return bool(valid and request.user is not None and request.user.is_active)
