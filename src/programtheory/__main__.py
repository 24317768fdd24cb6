"""`python -m programtheory` is the same as the `programtheory` command."""

import sys

from .cli import main

sys.exit(main())
