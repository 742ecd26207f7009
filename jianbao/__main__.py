"""`python -m jianbao …` runs the command line, as `python build.py …` does in a checkout."""

import sys

from jianbao.cli.main import main

sys.exit(main())
