"""pubchat.tui.widgets."""
