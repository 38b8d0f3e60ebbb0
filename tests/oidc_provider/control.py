"""Administer the test identity provider from the tests: `python -m tests.oidc_provider.control CMD ...`.

setup REDIRECT_URI CLIENT_ID CLIENT_SECRET   migrate and register the portal as a client
user USERNAME PASSWORD GROUP[,GROUP...]      create or update a user with exactly these groups
revoke USERNAME                              disable the account and revoke its tokens
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oauth2_provider.models import AccessToken, Application, RefreshToken

    command, *args = argv
    if command == "setup":
        redirect_uri, client_id, client_secret = args
        call_command("migrate", verbosity=0)
        Application.objects.update_or_create(
            client_id=client_id,
            defaults={
                "name": "PostOp AI",
                "client_secret": client_secret,
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": redirect_uri,
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": True,
            },
        )
    elif command == "user":
        username, password, groups = args
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.email = f"{username}@hospital.example"
        user.first_name, user.last_name = username.split(".")[0].title(), "Tester"
        user.is_active = True
        user.save()
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups.split(",") if name])
    elif command == "revoke":
        (username,) = args
        user = User.objects.get(username=username)
        user.is_active = False
        user.save()
        for token in RefreshToken.objects.filter(user=user):
            token.revoke()
        for token in AccessToken.objects.filter(user=user):
            token.revoke()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
