#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["match_people"]:
        # Matching a CSV file needs neither the database nor Django's apps: start only the
        # matcher (haven/matching/cli.py), not the whole project.
        from haven.matching.cli import main

        sys.exit(main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
