"""Start-up check: the SSO role mapping names only KCC roles."""

from django.conf import settings
from django.core.checks import Error, register

from kcc.core.roles import Role


@register()
def check_role_mapping(app_configs, **kwargs) -> list[Error]:
    mapping = settings.KCC_OIDC_ROLE_MAPPING
    if not isinstance(mapping, dict):
        return [Error('KCC_OIDC_ROLE_MAPPING moet een JSON-object zijn: {"groep": "rol"}.', id="kcc.E101")]
    known = {role.value for role in Role}
    return [
        Error(
            f"KCC_OIDC_ROLE_MAPPING: '{role}' (voor groep '{group}') is geen KCC-rol.",
            hint="Kies uit: " + ", ".join(sorted(known)),
            id="kcc.E102",
        )
        for group, role in mapping.items()
        if role not in known
    ]
