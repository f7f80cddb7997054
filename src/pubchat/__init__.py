"""pubchat: ask a researcher's publication list questions; cited, extractive answers."""

__version__ = "0.1.0"
