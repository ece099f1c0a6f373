"""The test suite's stand-in for a log-in that proved the person elsewhere.

``Client.force_login`` takes the first backend of AUTHENTICATION_BACKENDS; in the test settings that
is this one. It never authenticates a password (``authenticate`` of ModelBackend is switched off), and
its sessions count as verified like single sign-on's, so tests that are not about logging in need no
second factor. Tests of log-in, lock-out and the second factor post to the real log-in page instead.
"""

from django.contrib.auth.backends import ModelBackend


class ForceLoginBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None
