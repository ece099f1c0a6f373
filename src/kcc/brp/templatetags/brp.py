from django import template

from kcc.brp import services
from kcc.brp.forms import SearchForm
from kcc.brp.models import Identification
from kcc.contacten.models import Contactmoment

register = template.Library()


@register.inclusion_tag("brp/_identification.html", takes_context=True)
def brp_identification(context, contact: Contactmoment) -> dict:
    """The BRP block of a contact: nothing while the BRP is not configured or the user may not search."""
    user = context["request"].user
    identification = Identification.objects.filter(contact=contact).first()
    may_search = services.enabled() and user.has_perm("brp.lookup_person") and contact.agent_id == user.pk
    form = SearchForm(initial={"adres": contact.address, "bsn": ""})
    return {
        "contact": contact,
        "identification": identification,
        "may_search": may_search and contact.is_running,
        "form": form,
        "csrf_token": context.get("csrf_token"),
    }
