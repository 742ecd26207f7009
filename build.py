"""Entry point: `python build.py …` builds the bulletins (see `python build.py --help`)."""

import sys

from jianbao.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
