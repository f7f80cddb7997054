"""`python -m pubchat` runs the same entry point as the `pubchat` script."""

from pubchat.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
