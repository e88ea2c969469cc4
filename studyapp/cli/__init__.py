"""The ``studyapp`` command. Each subcommand lives in its own ``cmd_*`` module."""
