import pytest

from kcc.contacten import demo, selectors
from kcc.contacten.models import Callback, Contactmoment
from kcc.core import demo as core_demo

pytestmark = pytest.mark.django_db


def test_demo_caller_has_history_and_an_open_callback_and_loading_twice_adds_nothing():
    core_demo.load()
    demo.load()
    demo.load()
    assert Contactmoment.objects.count() == 2 and Callback.objects.count() == 1
    view = selectors.klantbeeld(selectors.CallerKeys(phone="0612345678"))
    assert len(view.contacts) == 2
    assert [callback.status for callback in view.callbacks] == [Callback.Status.OPEN]
