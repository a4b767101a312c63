"""The portal's command line, for the source tree and an installed package alike.

`python -m pfp migrate` (or the `pfp` script that `pip install .` puts on the PATH) runs
Django's management commands with the portal's settings, from any directory.
"""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pfp.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
