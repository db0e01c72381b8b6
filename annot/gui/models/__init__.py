"""Qt item models over the session."""
