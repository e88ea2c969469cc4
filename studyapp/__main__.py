"""Allow ``python -m studyapp``."""

from studyapp.cli.main import main

raise SystemExit(main())
