"""``kcc serve --host H --port P``: the same as ``kcc run``, under the name deployments expect."""

from kcc.core.management.commands.run import Command as RunCommand


class Command(RunCommand):
    help = "Start de webserver en de achtergrondverwerker op --host en --port (zelfde als kcc run)."
