"""Web mode: the chat TUI served to browsers by textual-serve, one app process per browser tab."""
