"""Claims of the test provider: names and e-mail from the user, groups from OP_DIR/groups.json."""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["preferred_username"] = user.username
    return claims


class GroupsClaims(ScopeClaims):
    info_groups = (_("Groups"), _("The groups you are in."))

    def scope_groups(self):
        groups = json.loads((settings.OP_DIR / "groups.json").read_text())
        return {"groups": groups.get(self.user.username, [])}
