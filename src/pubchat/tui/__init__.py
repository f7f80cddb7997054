"""The Textual chat UI. Only this package imports textual."""
