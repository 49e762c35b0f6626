"""`python -m icpdsl`: the same command line as the `icpdsl` script."""

from .cli import main

raise SystemExit(main())
