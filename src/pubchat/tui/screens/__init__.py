"""pubchat.tui.screens."""
